/**
 * Workbooks written by the tests themselves with exceljs (a real writer), so every edge case
 * of docs/contract.md §2.1 is a file a real reader opens, not a mock.
 */
import ExcelJS from 'exceljs';
import type { ValidationResult } from '../../shared/domain-types';
import type { ExportReading, ValidateOptions } from '../../shared/export';
import { validateExport } from '../../shared/export';

export type CellInput = string | number | null | { formula: string; result?: number | string } | Date;

export interface SheetInput {
  name?: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  rows: CellInput[][];
  /** Ranges to merge, e.g. `A1:M1`. */
  merges?: string[];
}

export async function workbookBytes(sheets: SheetInput[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  sheets.forEach((sheet, i) => {
    const worksheet = workbook.addWorksheet(sheet.name ?? `Sheet${i + 1}`, {
      state: sheet.state ?? 'visible',
    });
    for (const row of sheet.rows) worksheet.addRow(row.map((cell) => cell ?? undefined));
    for (const range of sheet.merges ?? []) worksheet.mergeCells(range);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function* chunksOf(bytes: Uint8Array, size = 16 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export function validateWorkbook(
  bytes: Uint8Array,
  options?: Partial<ValidateOptions>,
  chunkSize?: number,
  reading: Omit<ExportReading, 'format'> = {},
): Promise<ValidationResult> {
  return validateExport(chunksOf(bytes, chunkSize), options, { format: 'xlsx', ...reading });
}

/** A CSV text as the rows of a sheet, numbers as numbers (the way Excel would hold them). */
export function csvToRows(csv: string, numericColumns: readonly number[] = []): CellInput[][] {
  return csv
    .trim()
    .split(/\r?\n/)
    .map((line, index) =>
      line
        .split(',')
        .map((cell, column) =>
          index > 0 && numericColumns.includes(column) && cell !== '' ? Number(cell) : cell,
        ),
    );
}
