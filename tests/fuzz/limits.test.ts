/**
 * Hostile input, part 4: size. Fields, records and files over the limits (docs/contract.md §2: a field
 * or record over 1 MiB, a file over its limit) are refused with the right error, reading stops
 * soon after the limit (the rest of a 5 MiB field is never pulled from the stream), and the
 * heap stays flat while it happens. Inputs are generated lazily, chunk by chunk, as S3 streams
 * them; retained memory (after a garbage collection) is sampled every few chunks.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../shared/domain-types';
import { validateExport } from '../../shared/export';
import { MIB } from '../../shared/export/validate-options';

const HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出\n';
const ROW =
  '2021,12,101001,乐昌市民政局,P001,最低生活保障,一级,一般公共预算,2081901,项目支出,1000.00,100.00,900.00\n';
const CHUNK = 64 * 1024;
/**
 * Retained memory allowed to grow while refusing an input: the limits are 1 MiB per record,
 * plus 64 KiB held for encoding detection and a chunk in flight. Holding the input would
 * take many times this.
 */
const RETAINED_BOUND = 8 * MIB;

// A collection before each measurement, so what is measured is what the validator keeps.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const covered: string[] = [];
afterAll(() => {
  console.log(`hostile-input limits: ${covered.join('; ')}`);
});

interface Streamed {
  result: ValidationResult;
  pulledBytes: number;
  heapGrowth: number;
  ms: number;
}

const retained = () => {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

/**
 * Streams `parts` in chunks of 64 KiB (cut anywhere, multibyte characters included, as a
 * network does), measuring retained memory every `sampleEvery` chunks as it goes.
 */
async function streamed(
  parts: Iterable<string>,
  options?: Parameters<typeof validateExport>[1],
  sampleEvery = 1,
): Promise<Streamed> {
  let pulledBytes = 0;
  let chunks = 0;
  const baseline = retained();
  let peak = baseline;
  async function* source(): AsyncGenerator<Uint8Array> {
    let pending = Buffer.alloc(0);
    for (const part of parts) {
      pending = Buffer.concat([pending, Buffer.from(part)]);
      while (pending.length >= CHUNK) {
        const chunk = pending.subarray(0, CHUNK);
        pending = pending.subarray(CHUNK);
        pulledBytes += chunk.length;
        if (++chunks % sampleEvery === 0) peak = Math.max(peak, retained());
        yield chunk;
      }
    }
    if (pending.length > 0) {
      pulledBytes += pending.length;
      yield pending;
    }
  }
  const started = performance.now();
  const result = await validateExport(source(), options);
  const ms = performance.now() - started;
  return { result, pulledBytes, heapGrowth: peak - baseline, ms };
}

/** About `bytes` bytes (UTF-8) of `unit` repeated, a slice at a time: the whole never exists. */
function* repeated(unit: string, bytes: number): Generator<string> {
  let units = Math.ceil(bytes / Buffer.byteLength(unit));
  const perSlice = Math.max(1, Math.floor(CHUNK / unit.length));
  const slice = unit.repeat(perSlice);
  for (; units >= perSlice; units -= perSlice) yield slice;
  if (units > 0) yield unit.repeat(units);
}

const codes = (result: ValidationResult) =>
  result.errors.map(({ code, line, column }) => ({ code, line, column }));

function record(name: string, s: Streamed): void {
  covered.push(
    `${name}: ${codes(s.result)[0]?.code ?? 'valid'} after ${(s.pulledBytes / MIB).toFixed(2)} MiB pulled, ` +
      `retained heap +${(s.heapGrowth / MIB).toFixed(1)} MiB at most, ${s.ms.toFixed(0)} ms`,
  );
}

describe('oversized input is refused within the limits, without holding it', () => {
  it('a 5 MiB quoted field: FIELD_TOO_LARGE on its line and column, reading stops after ~1 MiB', async () => {
    const s = await streamed([
      HEADER,
      ROW,
      '2021,12,101001,乐昌市民政局,P002,"',
      ...repeated('长', 5 * MIB),
      '",一级\n',
    ]);
    record('5 MiB quoted field', s);
    expect(codes(s.result)).toEqual([{ code: 'FIELD_TOO_LARGE', line: 3, column: '项目名称' }]);
    expect(s.pulledBytes).toBeLessThan(MIB + 3 * CHUNK);
    expect(s.heapGrowth).toBeLessThan(RETAINED_BOUND);
  });

  it('a 5 MiB unquoted field with no line break: refused, reading stops after ~1 MiB', async () => {
    const s = await streamed([HEADER, ROW, '2021,12,101001,乐昌市民政局,P002,', ...repeated('x', 5 * MIB)]);
    record('5 MiB unquoted field', s);
    expect(s.result.valid).toBe(false);
    expect(codes(s.result)).toEqual([{ code: 'FIELD_TOO_LARGE', line: 3, column: '项目名称' }]);
    expect(s.pulledBytes).toBeLessThan(MIB + 3 * CHUNK);
    expect(s.heapGrowth).toBeLessThan(RETAINED_BOUND);
  });

  it('a stray quote that swallows 5 MiB of rows: refused at the quote’s line, reading stops early', async () => {
    const s = await streamed([
      HEADER,
      ROW,
      ROW.replace('最低生活保障', '最低"生活保障'),
      ...repeated(ROW, 5 * MIB),
    ]);
    record('stray quote + 5 MiB', s);
    expect(s.result.valid).toBe(false);
    expect(s.result.errors[0]?.line).toBe(3);
    expect(['FIELD_TOO_LARGE', 'RECORD_TOO_LARGE', 'INVALID_QUOTE', 'UNCLOSED_QUOTE']).toContain(
      s.result.errors[0]?.code,
    );
    expect(s.pulledBytes).toBeLessThan(MIB + 3 * CHUNK);
    expect(s.heapGrowth).toBeLessThan(RETAINED_BOUND);
  });

  it('a record of many 8 KiB fields over 1 MiB: RECORD_TOO_LARGE, reading stops early', async () => {
    const field = 'y'.repeat(8 * 1024);
    const s = await streamed([
      HEADER.replace('\n', ',备注\n'),
      '2021,12,101001,乐昌市民政局,P002,项目,一级,一般公共预算,2081901,项目支出,1.00,1.00,1.00,',
      ...repeated(`${field},`, 3 * MIB),
      '\n',
    ]);
    record('record of 8 KiB fields', s);
    expect(codes(s.result)).toEqual([{ code: 'RECORD_TOO_LARGE', line: 2, column: null }]);
    expect(s.pulledBytes).toBeLessThan(MIB + 3 * CHUNK);
    expect(s.heapGrowth).toBeLessThan(RETAINED_BOUND);
  });

  it('valid rows past maxFileBytes (256 KiB here): FILE_TOO_LARGE, nothing pulled beyond a chunk', async () => {
    const s = await streamed([HEADER, ...repeated(ROW, 20 * MIB)], { maxFileBytes: 256 * 1024 });
    record('file over maxFileBytes=256 KiB', s);
    expect(codes(s.result)).toEqual([{ code: 'FILE_TOO_LARGE', line: 0, column: null }]);
    expect(s.result.errors[0]?.message).toContain('256 KiB');
    expect(s.pulledBytes).toBeLessThanOrEqual(256 * 1024 + CHUNK);
    expect(s.heapGrowth).toBeLessThan(RETAINED_BOUND);
  });
});

describe('big but within the limits: bounded time and memory', () => {
  it('200,000 invalid rows: 100 errors kept, all counted, the heap flat', async () => {
    const bad = ROW.replace('1000.00', '12.3.4');
    const s = await streamed([HEADER, ...repeated(bad, 200_000 * Buffer.byteLength(bad))], undefined, 16);
    expect(s.pulledBytes).toBe(Buffer.byteLength(HEADER) + 200_000 * Buffer.byteLength(bad));
    record('200k invalid rows', s);
    expect(s.result.valid).toBe(false);
    expect(s.result.errors).toHaveLength(100);
    expect(s.result.errorCount).toBe(200_000);
    expect(s.result.errors[99]?.line).toBe(101);
    expect(s.heapGrowth).toBeLessThan(RETAINED_BOUND);
  });

  it('a line of 900,000 empty fields gets a verdict, quickly (a blank row: skipped)', async () => {
    const s = await streamed([HEADER, ROW, ...repeated(',', 900_000), '\n', ROW]);
    record('900k empty fields', s);
    expect(s.result).toMatchObject({ valid: true, rows: 2, errors: [] });
    expect(s.ms).toBeLessThan(10_000);
  });

  it('half a MiB of quote characters gets a verdict, quickly', async () => {
    const s = await streamed([HEADER, ROW, ...repeated('"', MIB / 2), '\n']);
    record('512 KiB of quotes', s);
    expect(s.result.valid).toBe(false);
    expect(s.ms).toBeLessThan(10_000);
  });
});
