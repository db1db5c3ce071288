/**
 * How the benchmark's processes talk: where the emulators listen (host → orchestrator), and
 * what a measured step reports when it is done (step → orchestrator), both over Node's IPC.
 */
import { z } from 'zod';

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
