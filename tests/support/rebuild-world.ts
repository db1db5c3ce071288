/**
 * `budget rebuild` (local/rebuild.ts itself) on a PipelineWorld's bucket as it ends up: the oracle
 * the fault suites and the holder-rule test compare live state with (docs/contract.md §3.1).
 */
import { rebuild } from '../../local/rebuild';
import type { Emulators } from './emulators';
import type { PipelineWorld } from './pipeline-world';

export function rebuildWorld(emulators: Emulators, world: PipelineWorld): ReturnType<typeof rebuild> {
  return rebuild({
    s3: emulators.s3,
    dynamodb: emulators.dynamodb,
    uploadBucket: world.uploadBucket,
    tableName: world.tableName,
    region: 'us-east-1',
    ingest: world.ingest,
    render: world.render,
    log: () => {},
  });
}
