/**
 * What every fuzz case checks about one input: `validateExport` (the code the Lambda runs)
 * returns a verdict, in bounded time, whatever the bytes and however they are chunked; its
 * fast CSV path reads exactly as csv-parse alone does; the verdict does not depend on the
 * chunking; error lines exist in the file; and an accepted
 * file reads the same — period, detail rows, every group's sums, the totals — to the
 * independent reference reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { type ParallelValidation, validateInRanges } from '../../shared/csv/parallel-validation';
import { type RangeTask, validateRange } from '../../shared/csv/range-validation';
import { readCsvRecordsWithCsvParse } from '../../shared/csv/read-csv-records';
import type { ValidationResult } from '../../shared/domain-types';
import { validateExport } from '../../shared/export';
import { validateWithSource } from '../../shared/export/validate-export';
import { readReferences } from './reference-export';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Generous: a few-KB input takes about a millisecond; this only catches hangs and blow-ups. */
export const RUN_BOUND_MS = 5_000;

export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export interface FuzzTally {
  cases: number;
  accepted: number;
  rejected: number;
  bytes: number;
  slowestMs: number;
  /** Cases the byte-range reading merged (rather than reading again in one piece). */
  merged: number;
}

export const emptyTally = (): FuzzTally => ({
  cases: 0,
  accepted: 0,
  rejected: 0,
  bytes: 0,
  slowestMs: 0,
  merged: 0,
});

/**
 * `validateInRanges` as `budget validate` runs it on threads, here in one: each range read from
 * its own slice of the bytes in the same chunks, its outcome copied as posting it to another
 * thread copies it.
 */
export function readInRanges(
  bytes: Uint8Array,
  chunkSize: number,
  cuts: number[],
  tailBytes = 0,
): Promise<ParallelValidation> {
  const source = {
    size: bytes.length,
    read: (start: number, end: number) => chunked(bytes.subarray(start, end), chunkSize),
  };
  const runner = {
    range: async (task: RangeTask) =>
      structuredClone(await validateRange(task, source.read(task.start, task.end))),
    stop: () => {},
  };
  const plan = { ranges: cuts.length + 1, minRangeBytes: 1, cuts, tailBytes };
  return validateInRanges(source, runner, plan, undefined, {});
}

/** One to three cuts, anywhere (inside a quoted field, a multi-byte character, the header). */
function cutsFor(length: number, chunkSize: number): number[] {
  const count = 1 + (chunkSize % 3);
  return Array.from(
    { length: count },
    (_, k) => Math.floor(((k + 1) * length) / (count + 1)) + (chunkSize % 17),
  )
    .filter((cut) => cut > 0 && cut < length)
    .sort((a, b) => a - b);
}

const located = (result: ValidationResult) =>
  result.errors.map(({ code, line, column }) => ({ code, line, column }));

/** Physical lines as an editor counts them (LF, CRLF or CR each end one). */
function physicalLines(bytes: Uint8Array): number {
  let count = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) count++;
  }
  return count;
}

export async function checkInput(
  bytes: Uint8Array,
  chunkSize: number,
  tally: FuzzTally,
): Promise<ValidationResult> {
  const started = performance.now();
  const result = await validateExport(chunked(bytes, chunkSize));
  const elapsed = performance.now() - started;
  // The fast path must read exactly as csv-parse, the parser of record, does: the whole result
  // (verdict, every error and warning with its line, column, value and message, the groups,
  // totals, rows, encoding), chunked the same way.
  const reference = await validateWithSource(chunked(bytes, chunkSize), readCsvRecordsWithCsvParse);
  expect(result, 'fast path and csv-parse disagree').toEqual(reference);
  // Read in byte ranges, each alone, then merged (what `budget validate` does on several
  // threads): the same whole result, or — when a proof fails — the file read again in one piece.
  const cuts = cutsFor(bytes.length, chunkSize);
  if (cuts.length > 0) {
    // Half the cases with a tail read on from the ranges (a quarter of the file).
    const ranged = await readInRanges(bytes, chunkSize, cuts, chunkSize % 2 === 0 ? 0 : bytes.length >> 2);
    expect(ranged.result, `byte ranges and one reading disagree (${JSON.stringify(ranged.path)})`).toEqual(
      reference,
    );
    if (ranged.path.kind === 'parallel') tally.merged++;
  }
  tally.cases++;
  tally.bytes += bytes.length;
  tally.slowestMs = Math.max(tally.slowestMs, elapsed);
  expect(elapsed, `validation took ${elapsed.toFixed(0)} ms`).toBeLessThan(RUN_BOUND_MS);

  // The same verdict, errors and sums when read in one piece: the chunking of a stream (S3
  // hands over whatever the network delivered) must not change what a file is found to be.
  const whole = await validateExport(chunked(bytes, Math.max(1, bytes.length)));
  // A NUL byte stops reading wherever it is met: what was checked before it depends on the
  // chunks, so with BINARY_FILE only that verdict is compared.
  const binary = [result, whole].some((r) => r.errors.some((e) => e.code === 'BINARY_FILE'));
  const view = (r: ValidationResult, errors: boolean) => ({
    valid: r.valid,
    errors: !errors ? [] : binary ? located(r).filter((e) => e.code === 'BINARY_FILE') : located(r),
    totals: r.totals,
    rows: r.valid ? r.rows : 0,
    period: r.valid ? r.period : null,
  });
  const strict = process.env.FUZZ_RELAX_ERRORS === undefined;
  expect(view(result, strict)).toEqual(view(whole, strict));

  const lines = physicalLines(bytes);
  for (const issue of [...result.errors, ...result.warnings]) {
    expect(issue.line).toBeGreaterThanOrEqual(0);
    expect(issue.line).toBeLessThanOrEqual(lines);
  }
  expect(result.errorCount).toBeGreaterThanOrEqual(result.errors.length);

  if (!result.valid) {
    tally.rejected++;
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.groups).toEqual([]);
    return result;
  }
  tally.accepted++;
  const readings = readReferences(bytes);
  const readable = readings.filter((r) => r.readable);
  if (readable.length === 0) {
    const why = readings.map((r) => (r.readable ? '' : r.why)).join('; ');
    throw new Error(`validator accepted a file the reference cannot read (${why})`);
  }
  const groups = new Map(
    result.groups.map((g) => [`${g.unitCode}|${g.projectCode}|${g.fundType}`, g.amounts] as const),
  );
  const actual = { period: result.period, rows: result.rows, totals: result.totals, groups };
  const expected = readable.map((r) => ({
    period: r.period,
    rows: r.rows,
    totals: r.totals,
    groups: r.groups,
  }));
  // Equal to one of the plausible readings; shown against the first when it is none.
  if (!expected.some((e) => isDeepStrictEqual(e, actual))) expect(actual).toEqual(expected[0]);
  return result;
}

/** The valid exports the project ships: the Lechang examples and the valid per-rule fixtures. */
export function seedExports(): { name: string; bytes: Buffer }[] {
  const seeds: { name: string; bytes: Buffer }[] = [];
  const examples = join(ROOT, 'examples', 'lechang-2021');
  for (const name of readdirSync(examples).sort()) {
    if (name.endsWith('.csv'))
      seeds.push({ name: `examples/${name}`, bytes: readFileSync(join(examples, name)) });
  }
  const fixtures = join(ROOT, 'tests', 'fixtures', 'csv');
  for (const name of readdirSync(fixtures).sort()) {
    if (!name.endsWith('.csv')) continue;
    if (!name.startsWith('lechang-2021-12.') && !['defaults.csv', 'extra-columns.csv'].includes(name))
      continue;
    if (name.includes('mismatch')) continue;
    seeds.push({ name: `fixtures/${name}`, bytes: readFileSync(join(fixtures, name)) });
  }
  return seeds;
}
