/**
 * A worker thread of a two-thread `budget validate` of a workbook (workbook-threads.ts): reads
 * the range of the data sheet it is sent from the file itself, and posts the range's outcome.
 */
import { parentPort } from 'node:worker_threads';
import { transferablesOf } from '../export/aggregator-state';
import { readWorkbookRange, type WorkbookRangeTask } from './workbook-ranges';

const port = parentPort;
port?.on('message', async (task: WorkbookRangeTask) => {
  try {
    const outcome = await readWorkbookRange(task);
    const tail = outcome.tail === null ? [] : [outcome.tail.bytes.buffer as ArrayBuffer];
    port.postMessage({ outcome }, [...transferablesOf(outcome.state.groups), ...tail]);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
