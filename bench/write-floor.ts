/**
 * (c) The write floor: plain BatchWriteItem of as many items as the export has groups, each
 * the same shape and about the same size as the line item the pipeline writes for a group
 * (same attributes, names, codes, amounts of the same magnitude), marshalled before the clock
 * starts, 25 per request, as many requests in flight as the store keeps (or as asked: the
 * write sweep runs it at several). What writing the file's result to this DynamoDB costs at
 * the least.
 *
 *   node write-floor.mjs <rows> <groups> <connection json> [concurrency]
 */
import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../functions/common/clients';
import { normalizeSequencer } from '../functions/common/sequencer';
import { BATCH_WRITE_LIMIT } from '../functions/store/dynamodb/batch-write';
import { lineItem } from '../functions/store/dynamodb/line-item';
import { EXPORT_PERIOD, exportShape, functionCodeOfRow, generatedGroup } from '../scripts/export-generator';
import { DEFAULT_WRITE_CONCURRENCY } from '../shared/city-settings';
import type { Amounts, GroupLine } from '../shared/domain-types';
import { formatPeriodId } from '../shared/period-id';
import { FLOOR_TABLE, UPLOAD_KEY, UPLOAD_SEQUENCER, WARMUP_ITEMS, WARMUP_TABLE } from './bench-names';
import { watchPeakRss } from './peak-rss';
import { connectionSchema, reportToParent } from './phase-result';

const [rowsArg, groupsArg, connectionArg, concurrencyArg] = process.argv.slice(2);
const concurrency = concurrencyArg === undefined ? DEFAULT_WRITE_CONCURRENCY : Number(concurrencyArg);
const shape = exportShape(Number(rowsArg), Number(groupsArg));
const connection = connectionSchema.parse(JSON.parse(connectionArg ?? 'null'));
const peak = watchPeakRss();

/** Sums of ~N/G amounts of up to 5M yuan: the digits a real group's totals have. */
function amountsOf(g: number, lines: number): Amounts {
  const scale = BigInt(lines) * 250_000_000n;
  const spread = BigInt((g * 7919) % 100_000);
  return {
    budget: scale + spread,
    spentThisMonth: scale / 12n + spread,
    spentToDate: (scale * 4n) / 5n + spread,
  };
}

function groupLineOf(g: number): GroupLine {
  const group = generatedGroup(shape, g);
  const codes = new Set<string>();
  let lines = 0;
  for (let i = g; i < shape.rows; i += shape.groups) {
    codes.add(functionCodeOfRow(i));
    lines++;
  }
  const amounts = amountsOf(g, lines);
  return {
    unitCode: group.unitCode,
    unitName: group.unitName,
    projectCode: group.projectCode,
    projectName: group.projectName,
    projectLevel: group.projectLevel,
    fundType: group.fundType,
    functionCodes: [...codes].sort(),
    amounts,
    byExpenditureType: { [group.expenditureType]: amounts },
    lineCount: lines,
  };
}

const gen = normalizeSequencer(UPLOAD_SEQUENCER);
const period = formatPeriodId(EXPORT_PERIOD);
const requests: WriteRequest[] = [];
const groupCount = Math.min(shape.groups, shape.rows);
for (let g = 0; g < groupCount; g++) {
  requests.push({ PutRequest: { Item: lineItem(UPLOAD_KEY, gen, period, groupLineOf(g)) } });
}
const itemBytes = Math.round(
  requests.reduce((sum, r) => sum + JSON.stringify(r.PutRequest?.Item ?? {}).length, 0) / requests.length,
);

const client = createDynamoDbClient(connection);
let calls = 0;

async function writeAll(table: string, all: WriteRequest[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < all.length) {
      let pending = all.slice(next, next + BATCH_WRITE_LIMIT);
      next += BATCH_WRITE_LIMIT;
      while (pending.length > 0) {
        calls++;
        const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = output.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// Not timed: a first pass into a scratch table, so neither this client nor the fresh dynalite
// process is measured while its JIT compiler is still warming up (the pipeline run comes after
// this one and would otherwise meet a warmer dynalite than the floor did).
await writeAll(WARMUP_TABLE, requests.slice(0, WARMUP_ITEMS));
calls = 0;

const started = performance.now();
await writeAll(FLOOR_TABLE, requests);
const seconds = (performance.now() - started) / 1000;
peak.stop();
client.destroy();

await reportToParent({
  seconds,
  peakRssBytes: peak.bytes(),
  details: {
    items: requests.length,
    calls,
    concurrency,
    itemJsonBytes: itemBytes,
  },
});
