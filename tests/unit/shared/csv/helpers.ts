import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidationIssue, ValidationResult } from '../../../../shared/domain-types';
import { type ValidateOptions, validateExport } from '../../../../shared/export';

const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = join(here, '..', '..', '..', '..');

export function fixturePath(name: string): string {
  return join(projectRoot, 'tests', 'fixtures', 'csv', name);
}

export function examplePath(month: number): string {
  return join(projectRoot, 'examples', 'lechang-2021', `2021-${String(month).padStart(2, '0')}.csv`);
}

/** Streams a file the way the CLI and the Lambda do. */
export function validateFile(path: string, options?: Partial<ValidateOptions>): Promise<ValidationResult> {
  return validateExport(createReadStream(path), options);
}

/** Yields `bytes` in chunks of `size`, to split lines and multibyte characters anywhere. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export function validateBytes(
  bytes: Uint8Array | string,
  options?: Partial<ValidateOptions>,
  chunkSize = 64 * 1024,
): Promise<ValidationResult> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return validateExport(chunked(data, chunkSize), options);
}

export function readFixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

/** The parts of an issue a user sees, for compact assertions. */
export function located(issues: ValidationIssue[]): { code: string; line: number; column: string | null }[] {
  return issues.map(({ code, line, column }) => ({ code, line, column }));
}

export const HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出';

/** One valid detail line; override fields by index. */
export function detail(overrides: Partial<Record<number, string>> = {}): string {
  const base = [
    '2021',
    '12',
    '101001',
    '乐昌市民政局',
    'P001',
    '最低生活保障',
    '一级',
    '一般公共预算',
    '2081901',
    '项目支出',
    '1000.00',
    '100.00',
    '900.00',
  ];
  return base.map((value, i) => overrides[i] ?? value).join(',');
}
