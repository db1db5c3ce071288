/** `npm run bench -- --rows N [--groups G [--units U] --render] [--history N] [--json] [--keep] [--profile DIR] [--pandas-runs N] [--validate-only] [--write-sweep] [--workbooks]`, parsed. */
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Rows per monthly file in `--history` mode unless `--rows` says otherwise (docs/contract.md §8's file). */
const HISTORY_ROWS = 20_000;
const DEFAULT_ROWS = 100_000;

const optionsSchema = z.object({
  rows: z.coerce.number().int().min(1).max(50_000_000),
  history: z.coerce.number().int().min(1).max(600).optional(),
  groups: z.coerce.number().int().min(1).optional(),
  /** With --render: units of the generated period (groups = units × projects). */
  units: z.coerce.number().int().min(1).optional(),
  render: z.boolean(),
  json: z.boolean(),
  keep: z.boolean(),
  profile: z.string().min(1).optional(),
  pandasRuns: z.coerce.number().int().min(0).max(20),
  /** A folder where @duckdb/node-api is installed: DuckDB joins the paired runs (bench/duckdb_groupby.mjs). */
  duckdb: z.string().min(1).optional(),
  validateOnly: z.boolean(),
  writeSweep: z.boolean(),
  /** Also ingest the same rows as an .xlsx (default: up to 200,000 rows). */
  xlsx: z.boolean(),
  /** Only `budget validate` of CSV against .xlsx, at 100,000 and 400,000 rows (or `--rows`). */
  workbooks: z.boolean(),
});

export type BenchOptions = z.infer<typeof optionsSchema>;

export const BENCH_USAGE =
  'usage: npm run bench -- --rows N [--groups G [--units U] --render] [--history N] [--json] [--keep] [--profile DIR] [--pandas-runs N] [--validate-only] [--write-sweep] [--workbooks]\n' +
  '  --rows N      rows of the generated export (default 100000; 20000 per file with --history)\n' +
  '  --history N   instead: N monthly files one after another; upload→visible time of the N-th\n' +
  '                against the 1st, and DynamoDB reads per render\n' +
  '  --groups G    aggregation groups (default N/20)\n' +
  '  --render      instead: ingest one period of G groups (rows default to G) and time its render\n' +
  '                by the real handler (peak RSS, page sizes), then a later upload that redraws it\n' +
  "  --units U     with --render: the period's units (200 with --groups 200000: 200 × 1,000 projects)\n" +
  '  --json        end with one JSON line of the figures\n' +
  '  --keep        keep the generated export (its path is printed)\n' +
  '  --profile DIR write a V8 CPU profile of the ingest run (node --cpu-prof) into DIR\n' +
  '  --pandas-runs N  paired runs of `budget validate` vs pandas read_csv + groupby (default 3;\n' +
  '                0 skips; skipped with a note when python3 has no pandas)\n' +
  '  --validate-only  only the validate vs pandas comparison (no emulators, floors or ingest)\n' +
  '  --duckdb DIR  also DuckDB read_csv + GROUP BY in the pairs (@duckdb/node-api installed in DIR)\n' +
  '  --write-sweep  also run the write floor with 1, 2, 4, 8 and 16 BatchWriteItem calls in flight\n' +
  '  --xlsx / --no-xlsx  ingest the same rows as an .xlsx workbook too (default: yes up to 200000 rows)\n' +
  '  --workbooks   only `budget validate` of the same rows as CSV and as .xlsx, at 100000 and\n' +
  '                400000 rows (or --rows N), --pandas-runs alternating pairs each\n';

export function parseBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string' },
      history: { type: 'string' },
      groups: { type: 'string' },
      units: { type: 'string' },
      render: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      profile: { type: 'string' },
      'pandas-runs': { type: 'string', default: '3' },
      duckdb: { type: 'string' },
      'validate-only': { type: 'boolean', default: false },
      'write-sweep': { type: 'boolean', default: false },
      xlsx: { type: 'boolean' },
      'no-xlsx': { type: 'boolean', default: false },
      workbooks: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const {
    'pandas-runs': pandasRuns,
    'validate-only': validateOnly,
    'write-sweep': writeSweep,
    'no-xlsx': noXlsx,
    xlsx,
    ...rest
  } = values;
  const rows =
    rest.rows ??
    (rest.render && rest.groups !== undefined
      ? rest.groups
      : String(rest.history === undefined ? DEFAULT_ROWS : HISTORY_ROWS));
  return optionsSchema.parse({
    ...rest,
    rows,
    pandasRuns,
    validateOnly,
    writeSweep,
    xlsx: noXlsx ? false : (xlsx ?? Number(rows) <= 200_000),
  });
}
