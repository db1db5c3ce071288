/**
 * `upload-rejected` (docs/contract.md §5.1), raised once per rejected content of a key: the key and the
 * file's sha256 (its sequencer when the file could not be read to the end) are claimed in the
 * alert ledger before anything is sent, so a redelivered event, a retried batch, a second
 * ingest of the same version or the same bytes uploaded again find the claim and stay quiet.
 * Only the version the head records as rejected is announced (an older event that lost to a
 * newer one is not). A failed delivery is logged and counted, never an ingest failure, and
 * gives the claim back so a redelivery may try again. A failing table read or write is a
 * storage fault like any other: it fails the message, and the redelivery (a duplicate for
 * ingest) comes back here.
 */
import { uploadRejectedAlert } from '../../shared/alerts/upload-rejected-alert';
import { deliverAlert } from '../alerts/deliver-alert';
import type { IngestDeps } from './ingest-deps';

export async function alertIfRejected(deps: IngestDeps, key: string, sequencer: string): Promise<void> {
  const { alerts, telemetry } = deps;
  const head = await deps.store.getHead(key);
  if (head === null || head.sequencer !== sequencer || head.status !== 'rejected') return;
  const version = head.sha256 === null ? `sequencer:${sequencer}` : `sha256:${head.sha256}`;
  if (!(await alerts.ledger.claimRejection(key, version))) return;
  const alert = uploadRejectedAlert({
    city: alerts.city,
    upload: { key, period: head.period, errorCount: head.errorCount, errors: head.errors },
    siteUrl: alerts.siteUrl,
  });
  if (!(await deliverAlert(alerts.sink, telemetry, alert)))
    await alerts.ledger.releaseRejection(key, version);
}
