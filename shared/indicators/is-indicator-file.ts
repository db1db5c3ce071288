/**
 * Whether a file is an indicator file rather than an export, by its header (docs/contract.md §4.2):
 * `budget validate` and `budget upload` use it to pick the rules and the upload prefix. Reads
 * only up to the header (a few lines above it are tolerated, as for exports), through the same
 * record source.
 */
import type { ReaderProblem, RecordSink } from '../export/record-source';
import { DEFAULT_VALIDATE_OPTIONS } from '../export/validate-options';
import type { OpenedWorkbook } from '../xlsx/opened-workbook';
import { readWorkbookFile } from '../xlsx/read-workbook-records';
import { isIndicatorHeader } from './indicator-fields';
import { INDICATOR_SOURCES, INDICATOR_WORKBOOK, type IndicatorFormat } from './validate-indicators';

/** Records looked at before deciding it is not one (exports allow as many title lines). */
const MAX_LEADING_RECORDS = 10;

class HeaderSniffer implements RecordSink {
  verdict = false;
  private seen = 0;
  private stop: () => void = () => {};

  onStop(stop: () => void): void {
    this.stop = stop;
  }

  onRecord(cells: string[]): void {
    if (cells.every((cell) => cell.trim() === '')) return;
    if (isIndicatorHeader(cells)) this.verdict = true;
    if (this.verdict || ++this.seen >= MAX_LEADING_RECORDS) this.stop();
  }

  onProblem(_problem: ReaderProblem): void {
    this.stop();
  }
}

/**
 * `isIndicatorFile` of a workbook on disk, read in place rather than copied first (the CLI), from
 * the caller's `opened` workbook if any.
 */
export async function isIndicatorWorkbookFile(
  path: string,
  bytes: number,
  opened?: OpenedWorkbook,
): Promise<boolean> {
  const sniffer = new HeaderSniffer();
  let stopped = false;
  sniffer.onStop(() => {
    stopped = true;
  });
  await readWorkbookFile(
    path,
    bytes,
    sniffer,
    DEFAULT_VALIDATE_OPTIONS,
    INDICATOR_WORKBOOK,
    () => stopped,
    opened,
  );
  return sniffer.verdict;
}

export async function isIndicatorFile(
  input: AsyncIterable<Uint8Array>,
  format: IndicatorFormat = 'csv',
): Promise<boolean> {
  const sniffer = new HeaderSniffer();
  await INDICATOR_SOURCES[format](input, sniffer, DEFAULT_VALIDATE_OPTIONS);
  return sniffer.verdict;
}
