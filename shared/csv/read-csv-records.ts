/**
 * The CSV record source: drives `CsvRecordReader` over an input stream (see
 * `shared/export/record-source.ts` for the contract every source keeps).
 */
import type { ReaderLimits, RecordSink, RecordSource, SourceSummary } from '../export/record-source';
import { type CsvParsing, CsvRecordReader } from './csv-record-reader';

export const readCsvRecords: RecordSource = (input, sink, limits) => readCsv(input, sink, limits, 'fast');

/** The reference reading: every record through csv-parse. What the fuzz suite compares the fast path to. */
export const readCsvRecordsWithCsvParse: RecordSource = (input, sink, limits) =>
  readCsv(input, sink, limits, 'csv-parse');

async function readCsv(
  input: AsyncIterable<Uint8Array>,
  sink: RecordSink,
  limits: ReaderLimits,
  parsing: CsvParsing,
): Promise<SourceSummary> {
  const reader = new CsvRecordReader(limits, sink, parsing);
  sink.onStop(() => reader.stop());
  for await (const chunk of input) {
    reader.push(chunk);
    // Leaving the loop calls the iterator's return(), which closes a file or S3 stream.
    if (reader.isStopped) break;
  }
  reader.end();
  return { bytes: reader.bytesRead, encoding: reader.encoding };
}
