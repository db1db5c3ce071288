/**
 * The benchmark's export as a workbook: the same rows written by exceljs's streaming writer,
 * amounts as numbers (as Excel holds them), text as shared strings. Not timed; the ingest of
 * the result is (`ingest-run.ts`), to compare with the CSV of the same data.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

const AMOUNT_COLUMNS = new Set([10, 11, 12]);

export async function writeWorkbookFromCsv(csvFile: string, xlsxFile: string): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile, useSharedStrings: true });
  const sheet = workbook.addWorksheet('预算执行');
  let first = true;
  for await (const record of createReadStream(csvFile).pipe(parse({ bom: true })) as AsyncIterable<
    string[]
  >) {
    const cells = first
      ? record
      : record.map((cell, i) => (AMOUNT_COLUMNS.has(i) ? Number(cell.replace(/,/g, '')) : cell));
    first = false;
    sheet.addRow(cells).commit();
  }
  sheet.commit();
  await workbook.commit();
  return (await stat(xlsxFile)).size;
}
