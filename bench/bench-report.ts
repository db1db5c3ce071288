/**
 * The benchmark's figures and how they are printed: a few readable lines, and with `--json`
 * one last line with exactly the keys issue 6 asks for, in its order.
 */
import type { PhaseResult } from './phase-result';

export interface BenchFigures {
  rows: number;
  groups: number;
  bytes: number;
  parse: PhaseResult;
  write: PhaseResult;
  ingest: PhaseResult;
}

const MB = 1e6;
const MIB = 1024 * 1024;

export function ratioOf(f: BenchFigures): number {
  return (f.parse.seconds + f.write.seconds) / f.ingest.seconds;
}

/** (d): the same rows as an .xlsx through the same handler. */
export interface WorkbookFigures {
  bytes: number;
  ingest: PhaseResult;
}

export function workbookReport(f: BenchFigures, w: WorkbookFigures): string[] {
  const csvRate = f.rows / f.ingest.seconds;
  const rate = f.rows / w.ingest.seconds;
  return [
    `(d) workbook ingest: ${f.rows} rows, ${(w.bytes / MB).toFixed(1)} MB .xlsx in ${w.ingest.seconds.toFixed(2)} s = ${Math.round(rate)} rows/s, ` +
      `peak RSS ${(w.ingest.peakRssBytes / MIB).toFixed(0)} MiB; the CSV of the same rows is ${(csvRate / rate).toFixed(2)}× as fast`,
  ];
}

export function benchJson(f: BenchFigures, w: WorkbookFigures | null = null): string {
  const writeRequests = f.ingest.details.writeRequests;
  return JSON.stringify({
    ...(w === null
      ? {}
      : {
          xlsxRowsPerSecond: Math.round(f.rows / w.ingest.seconds),
          xlsxPeakRssMb: Number((w.ingest.peakRssBytes / MIB).toFixed(1)),
          xlsxSlowdown: Number((w.ingest.seconds / f.ingest.seconds).toFixed(2)),
        }),
    rows: f.rows,
    groups: f.groups,
    rowsPerSecond: Math.round(f.rows / f.ingest.seconds),
    baselineRowsPerSecond: Math.round(f.rows / f.parse.seconds),
    baselineWriteItemsPerSecond: Math.round(f.groups / f.write.seconds),
    ratio: Number(ratioOf(f).toFixed(3)),
    peakRssMb: Number((f.ingest.peakRssBytes / MIB).toFixed(1)),
    writeRequests: typeof writeRequests === 'number' ? writeRequests : null,
  });
}

const s = (seconds: number) => `${seconds.toFixed(2)} s`;
const num = (value: unknown) => (typeof value === 'number' ? value : 0);

export function benchReport(f: BenchFigures): string[] {
  const d = f.ingest.details;
  const perGroup = f.groups / Math.max(1, num(d.writeRequests));
  return [
    `export: ${f.rows} rows, ${f.groups} groups, ${(f.bytes / MB).toFixed(1)} MB`,
    `(a) parse floor   csv-parse, streamed     ${s(f.parse.seconds)}  ${Math.round(f.rows / f.parse.seconds)} rows/s  ` +
      `${(f.bytes / MB / f.parse.seconds).toFixed(1)} MB/s`,
    `(c) write floor   BatchWriteItem ×${num(f.write.details.calls)} (${num(f.write.details.concurrency)} in flight)  ` +
      `${s(f.write.seconds)}  ${Math.round(f.groups / f.write.seconds)} items/s  ` +
      `(items of ~${num(f.write.details.itemJsonBytes)} B as JSON; the pipeline's lines: ~${num(d.lineItemJsonBytes)} B)`,
    `(b) ingest        real handler, end to end ${s(f.ingest.seconds)}  ${Math.round(f.rows / f.ingest.seconds)} rows/s  ` +
      `${(f.bytes / MB / f.ingest.seconds).toFixed(1)} MB/s`,
    `    of which      before validation ${s(num(d.beforeValidateSeconds))}, GetObject + SHA-256 + validateExport ` +
      `${s(num(d.validateSeconds))}, then the table and the status ${s(num(d.afterValidateSeconds))} ` +
      `(line writes ${s(num(d.lineWriteSeconds))})`,
    `    peak RSS      ${(f.ingest.peakRssBytes / MIB).toFixed(1)} MiB (ingest process only; emulators run in their own), ` +
      `${(num(d.peakRssAfterValidateBytes) / MIB).toFixed(1)} MiB by the end of validation`,
    `    DynamoDB      ${num(d.writeRequests)} write requests (${perGroup.toFixed(1)} groups each), ` +
      `${num(d.readRequests)} reads: ${String(d.requestsByCommand)}`,
    `ratio (a + c) / b = (${s(f.parse.seconds)} + ${s(f.write.seconds)}) / ${s(f.ingest.seconds)} = ${ratioOf(f).toFixed(3)}`,
  ];
}
