/**
 * A worker thread of a parallel `budget validate` (range-threads.ts): validates the byte
 * ranges of a file it is sent, reading them from disk itself, and posts each range's outcome.
 */
import { parentPort } from 'node:worker_threads';
import { transferablesOf } from '../export/aggregator-state';
import { type RangeTask, validateRange } from './range-validation';
import { readFileRange } from './read-file-range';

export interface RangeRequest {
  file: string;
  task: RangeTask;
}

const port = parentPort;
port?.on('message', async ({ file, task }: RangeRequest) => {
  try {
    const outcome = await validateRange(task, readFileRange(file, task.start, task.end));
    port.postMessage({ outcome }, transferablesOf(outcome.state.groups));
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
