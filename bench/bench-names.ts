/** Names the benchmark's processes agree on: buckets, tables, the uploaded key and its event. */
export const BENCH_CITY = 'bench';
export const UPLOAD_BUCKET = `${BENCH_CITY}-uploads`;
export const SITE_BUCKET = `${BENCH_CITY}-site`;
/** The pipeline's table: empty before the run, so the upload is a first one into its period. */
export const PIPELINE_TABLE = `${BENCH_CITY}-budget`;
/** The write floor's table, dropped once measured so the pipeline's table stays small. */
export const FLOOR_TABLE = `${BENCH_CITY}-write-floor`;
/** Where the write floor warms up (client and dynalite JIT) before it is timed. */
export const WARMUP_TABLE = `${BENCH_CITY}-warmup`;
export const WARMUP_ITEMS = 2_000;
export const UPLOAD_KEY = 'incoming/bench/2021-12 民政局.csv';
/** The S3 sequencer of the upload event (any hex string; there is only one version). */
export const UPLOAD_SEQUENCER = '0061D4FF2F3C9A1C28';
/** The same export as a workbook, uploaded into fresh emulators after the CSV run. */
export const WORKBOOK_KEY = 'incoming/bench/2021-12 民政局.xlsx';
