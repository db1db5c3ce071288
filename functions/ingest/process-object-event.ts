/** One object event through ingest, with the one summary log line and the metrics per file. */
import { isUploadKey } from '../common/object-key';
import type { IgnoredEvent, ObjectEvent } from '../common/s3-notification';
import { alertIfRejected } from './alert-if-rejected';
import { ingestCreated } from './ingest-created';
import type { FileResult, IngestDeps } from './ingest-deps';
import { ingestRemoved } from './ingest-removed';

function whyIgnored(deps: IngestDeps, event: ObjectEvent | IgnoredEvent): string | null {
  if (event.kind === 'ignored') return event.reason;
  if (event.bucket !== deps.uploadBucket) return `bucket ${event.bucket} is not the upload bucket`;
  // Every upload (export or indicator file) is answered, whatever its type (an unsupported one with a rejection).
  if (!isUploadKey(event.key)) return 'not an incoming/** or indicators/** key';
  return null;
}

export async function processObjectEvent(
  deps: IngestDeps,
  event: ObjectEvent | IgnoredEvent,
): Promise<FileResult> {
  const { logger, metrics } = deps.telemetry;
  const ignored = whyIgnored(deps, event);
  if (ignored !== null || event.kind === 'ignored') {
    const reason = ignored ?? 'ignored';
    logger.debug('event ignored', { eventName: event.eventName, key: event.key, reason });
    return { outcome: 'ignored', rows: 0, groups: 0, period: null, reason };
  }

  const started = Date.now();
  const result =
    event.kind === 'created' ? await ingestCreated(deps, event) : await ingestRemoved(deps, event);
  // A duplicate may be the redelivery of a rejection whose alert a crash left unsent.
  if (event.kind === 'created' && ['rejected', 'conflict', 'duplicate'].includes(result.outcome)) {
    await alertIfRejected(deps, event.key, event.sequencer);
  }
  // The one line per file operators search for. Never row contents: files may be sensitive.
  logger.info('file processed', {
    key: event.key,
    eventName: event.eventName,
    sequencer: event.sequencer,
    versionId: event.versionId,
    outcome: result.outcome,
    period: result.period,
    rows: result.rows,
    groups: result.groups,
    durationMs: Date.now() - started,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
  });
  switch (result.outcome) {
    case 'accepted':
      metrics.count('FilesAccepted', 1);
      metrics.count('RowsIngested', result.rows);
      break;
    case 'rejected':
    case 'conflict':
      metrics.count('FilesRejected', 1);
      break;
    case 'deleted':
      metrics.count('FilesDeleted', 1);
      break;
    default:
      break;
  }
  return result;
}
