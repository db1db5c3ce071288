/** Names the benchmark processes agree on, and how they hand each other results. */
import { z } from 'zod';

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

export const connectionSchema = z.object({
  region: z.string(),
  s3Endpoint: z.string(),
  dynamodbEndpoint: z.string(),
  credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }),
});

/** What a measuring process reports to the orchestrator over IPC. */
export const phaseResultSchema = z.object({
  seconds: z.number(),
  peakRssBytes: z.number(),
  details: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});

export type PhaseResult = z.infer<typeof phaseResultSchema>;

/** Sends the result to the parent and lets the process end once it is delivered. */
export function reportToParent(result: PhaseResult): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      resolve();
      return;
    }
    process.send(result, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}
