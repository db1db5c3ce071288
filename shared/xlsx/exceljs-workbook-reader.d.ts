/**
 * Types for the one part of exceljs the pipeline loads: its streaming workbook reader,
 * imported by path so the Lambda bundle does not carry the writer, the in-memory model and
 * their dependencies (about 800 KB). Only what `read-workbook-records.ts` uses is declared.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type { Readable } from 'node:stream';

  export interface StreamedRow {
    /** The worksheet row number (1-based). */
    number: number;
    /** Cell values by column number (index 1 = column A); sparse. */
    values: unknown[];
  }

  export interface StreamedWorksheet extends AsyncIterable<StreamedRow> {
    /** `visible`, `hidden` or `veryHidden`, from workbook.xml. */
    state?: string;
    name?: string;
  }

  export interface WorkbookReaderOptions {
    sharedStrings?: 'cache' | 'emit' | 'ignore';
    styles?: 'cache' | 'ignore';
    hyperlinks?: 'cache' | 'emit' | 'ignore';
    worksheets?: 'emit' | 'ignore';
    entries?: 'emit' | 'ignore';
  }

  export default class WorkbookReader implements AsyncIterable<StreamedWorksheet> {
    constructor(input: Readable, options?: WorkbookReaderOptions);
    [Symbol.asyncIterator](): AsyncIterator<StreamedWorksheet>;
  }
}
