/**
 * The hand-made corpus: every case docs/contract.md §2 lists, each with its expected verdict and error
 * locations in tests/fixtures/corpus/manifest.json. All of them through `validateExport` (the
 * code the Lambda runs), a sample through the CLI a user runs before uploading
 * (`node bin/budget.mjs validate <file> --json`: exit code and JSON).
 */
import { execFile } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toValidateJson, validateExport } from '../../shared/export';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = join(ROOT, 'tests', 'fixtures', 'corpus');
const run = promisify(execFile);

const money = z.string().regex(/^-?\d+\.\d{2}$/);
const caseSchema = z.object({
  file: z.string(),
  rule: z.string(),
  options: z
    .object({ maxFieldBytes: z.number(), maxRecordBytes: z.number(), maxFileBytes: z.number() })
    .partial()
    .optional(),
  valid: z.boolean(),
  period: z.string().optional(),
  rows: z.number().optional(),
  totals: z.object({ budget: money, spentThisMonth: money, spentToDate: money }).optional(),
  errors: z.array(z.tuple([z.string(), z.number(), z.string().nullable()])).optional(),
  cli: z.boolean().optional(),
});
type CorpusCase = z.infer<typeof caseSchema>;
const manifest = z
  .object({ about: z.string(), cases: z.array(caseSchema).min(1) })
  .parse(JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')));
const cases = manifest.cases;
const pathOf = (c: CorpusCase) => join(CORPUS, c.file);
const label = (c: CorpusCase) => `${c.file} (${c.rule})`;

const cliCases = cases.filter((c) => c.cli === true);
afterAll(() => {
  const own = cases.filter((c) => !c.file.startsWith('../')).length;
  console.log(
    `hostile-input corpus: ${cases.length} cases of docs/contract.md §2 (${own} on files of tests/fixtures/corpus, ` +
      `${cases.length - own} reusing tests/fixtures/csv and examples), ` +
      `${cases.filter((c) => c.valid).length} valid / ${cases.filter((c) => !c.valid).length} invalid, ` +
      `all through validateExport and ${cliCases.length} through \`budget validate --json\``,
  );
});

function expectedJson(c: CorpusCase) {
  if (!c.valid) {
    return { valid: false, errors: (c.errors ?? []).map(([, line, column]) => ({ line, column })) };
  }
  const [year, month] = (c.period ?? '').split('-').map(Number);
  return {
    valid: true,
    period: { year, month },
    rows: c.rows,
    totals: c.totals,
    errors: [],
  };
}

describe('the §2 corpus', () => {
  it('has a manifest entry for every corpus file, and every entry’s file exists', () => {
    const files = readdirSync(CORPUS).filter((name) => name.endsWith('.csv'));
    const listed = new Set(cases.map((c) => relative(CORPUS, pathOf(c))));
    expect(files.filter((name) => !listed.has(name))).toEqual([]);
    for (const c of cases) expect(() => readFileSync(pathOf(c)), c.file).not.toThrow();
    for (const c of cases) {
      if (c.valid) expect(c.errors ?? [], label(c)).toEqual([]);
      else expect(c.errors?.length ?? 0, label(c)).toBeGreaterThan(0);
    }
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_name, c) => {
    const result = await validateExport(createReadStream(pathOf(c), { highWaterMark: 4096 }), c.options);
    const json = toValidateJson(result);
    expect(result.errors.map((e) => [e.code, e.line, e.column])).toEqual(c.errors ?? []);
    expect(result.valid).toBe(c.valid);
    if (c.valid) {
      const { valid, period, rows, totals, errors } = json;
      expect({ valid, period, rows, totals, errors }).toEqual(expectedJson(c));
    }
    for (const issue of [...result.errors, ...result.warnings]) {
      // Chinese first, then English, as docs/contract.md §2 asks of every message.
      expect(issue.message).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/);
    }
    // Personal data is refused without echoing it.
    expect(JSON.stringify(json)).not.toMatch(/440281199001011234|6222020000000000000/);
  });
});

async function runCli(c: CorpusCase): Promise<{ c: CorpusCase; code: number; stdout: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [join(ROOT, 'bin', 'budget.mjs'), 'validate', pathOf(c), '--json'],
      {
        cwd: ROOT,
      },
    );
    return { c, code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { c, code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('the §2 corpus through `budget validate --json`', () => {
  it('exits 0 for valid and 1 for invalid files, with the expected JSON', async () => {
    expect(cliCases.length).toBeGreaterThanOrEqual(10);
    // Three at a time: each is a Node process loading tsx, on a shared machine.
    const outcomes: { c: CorpusCase; code: number; stdout: string }[] = [];
    for (let i = 0; i < cliCases.length; i += 3) {
      outcomes.push(...(await Promise.all(cliCases.slice(i, i + 3).map(runCli))));
    }
    for (const { c, code, stdout } of outcomes) {
      expect(code, label(c)).toBe(c.valid ? 0 : 1);
      const json = JSON.parse(stdout) as Record<string, unknown> & {
        errors: { line: number; column: string | null }[];
      };
      const actual = c.valid
        ? {
            valid: json.valid,
            period: json.period,
            rows: json.rows,
            totals: json.totals,
            errors: json.errors,
          }
        : { valid: json.valid, errors: json.errors.map(({ line, column }) => ({ line, column })) };
      expect(actual, label(c)).toEqual(expectedJson(c));
    }
  });
});
