/**
 * Every upload gets a status, whatever it holds (docs/contract.md §3.1). A file whose 150 rows repeat one
 * project code under other names gets one error per row, each echoing the first name: with
 * 5,000-character names the head item outgrew DynamoDB's 400 KB item limit, the write failed
 * as a non-condition error, the message went to the dead-letter queue and the file never got a
 * status. dynalite counts characters; DynamoDB counts UTF-8 bytes, so 700 Chinese characters
 * already suffice there: the head's size is measured in bytes here.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../support/emulators';
import { EXPORT_HEADER } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';
import { partitionItems } from '../../support/table-dump';

/** DynamoDB's item limit, and how it counts: names and values, strings as UTF-8. */
const ITEM_LIMIT_BYTES = 400 * 1024;
function itemBytes(value: AttributeValue | Record<string, AttributeValue>): number {
  const v = value as AttributeValue;
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return v.N.length;
  if (v.SS !== undefined) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.L !== undefined) return v.L.reduce((n, inner) => n + 1 + itemBytes(inner), 3);
  if (v.M !== undefined) return itemBytes(v.M) + 3;
  if (v.NULL !== undefined || v.BOOL !== undefined) return 1;
  let total = 0;
  for (const [name, inner] of Object.entries(value as Record<string, AttributeValue>)) {
    total += Buffer.byteLength(name) + itemBytes(inner);
  }
  return total;
}

function namesThatDisagree(name: (row: number) => string, rows: number): string {
  const lines = [EXPORT_HEADER];
  for (let row = 0; row < rows; row++) {
    lines.push(
      `2021,12,101001,乐昌市民政局,P001,${name(row)},一级,一般公共预算,2081901,项目支出,1.00,0.10,0.50`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

let emulators: Emulators;
let world: PipelineWorld;
beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
  world = await PipelineWorld.create(emulators, { site: 'memory' });
});
afterAll(async () => {
  await world?.dispose();
  await emulators?.close();
});

it.each([
  ['150 rows, 5,000-character names', (row: number) => `${'N'.repeat(4_990)}${row}`],
  ['150 rows, 700-character Chinese names', (row: number) => `${'项'.repeat(690)}${row}`],
])('%s: the file is rejected with a status, and the head stays far below 400 KB', async (_name, name) => {
  const key = `incoming/long-names-${name(0).length}.csv`;
  const put = await world.put(key, namesThatDisagree(name, 150));

  const response = await world.deliver([world.createdEvent(put)]);

  expect(response.batchItemFailures).toEqual([]);
  const status = await world.status(key);
  expect(status?.status).toBe('rejected');
  expect(status?.errorCount).toBe(149);
  // The S3 status object keeps every kept error (the validator keeps 100), each capped.
  expect(status?.errors).toHaveLength(100);
  for (const issue of status?.errors ?? [])
    expect(Buffer.byteLength(issue.message)).toBeLessThanOrEqual(2048);
  const head = (await partitionItems(emulators.dynamodb, world.tableName, 'SOURCES')).find(
    (item) => item.sk?.S === key,
  );
  expect(head).toBeDefined();
  expect(itemBytes(head ?? {})).toBeLessThan(ITEM_LIMIT_BYTES / 2);
});
