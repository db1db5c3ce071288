/**
 * The emulators (s3rver + dynalite) in a process of their own, for the benchmark: their
 * memory and CPU are not the pipeline's. Tells the parent where they listen, then serves
 * until the parent goes away.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../functions/common/table-definition';
import { startEmulators } from '../tests/support/emulators';
import { FLOOR_TABLE, PIPELINE_TABLE, SITE_BUCKET, UPLOAD_BUCKET, WARMUP_TABLE } from './bench-names';

const emulators = await startEmulators({ buckets: [UPLOAD_BUCKET, SITE_BUCKET], tableName: PIPELINE_TABLE });
for (const table of [FLOOR_TABLE, WARMUP_TABLE]) {
  await emulators.dynamodb.send(new CreateTableCommand(createTableInput(table)));
}

const shutdown = async (): Promise<void> => {
  await emulators.close();
  process.exit(0);
};
process.on('disconnect', () => void shutdown());
process.send?.(emulators.connection);
