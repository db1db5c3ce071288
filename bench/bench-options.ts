/** `npm run bench -- --rows N [--groups G] [--json] [--keep] [--profile DIR]`, parsed. */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const optionsSchema = z.object({
  rows: z.coerce.number().int().min(1).max(50_000_000),
  groups: z.coerce.number().int().min(1).optional(),
  json: z.boolean(),
  keep: z.boolean(),
  profile: z.string().min(1).optional(),
});

export type BenchOptions = z.infer<typeof optionsSchema>;

export const BENCH_USAGE =
  'usage: npm run bench -- --rows N [--groups G] [--json] [--keep] [--profile DIR]\n' +
  '  --rows N      rows of the generated export (default 100000)\n' +
  '  --groups G    aggregation groups (default N/20)\n' +
  '  --json        end with one JSON line of the figures\n' +
  '  --keep        keep the generated export (its path is printed)\n' +
  '  --profile DIR write a V8 CPU profile of the ingest run (node --cpu-prof) into DIR\n';

export function parseBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string', default: '100000' },
      groups: { type: 'string' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
    strict: true,
  });
  return optionsSchema.parse(values);
}
