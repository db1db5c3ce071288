/**
 * The status object is written last: its creation triggers render, so by then the head and
 * lines it describes are in place. Only the version the head records gets to write it.
 */
import type { PublicIssue } from '../../shared/export/public-issue';
import { capIssue } from '../common/issue-bounds';
import type { IngestDeps } from './ingest-deps';
import { statusFromHead } from './status-from-head';

/** The newest version's problems in full (each capped); the head only keeps a bounded summary. */
export interface IssueDetail {
  errors: PublicIssue[];
  warnings: PublicIssue[];
}

/**
 * Capped here, whichever step made the issue (validation, a group's conflict found at commit):
 * the head's summary is capped the same way, so a status written from either reads the same.
 */
export const detailOf = (outcome: Pick<IssueDetail, 'errors' | 'warnings'>): IssueDetail => ({
  errors: outcome.errors.map(capIssue),
  warnings: outcome.warnings.map(capIssue),
});

export async function writeStatusIfCurrent(
  deps: IngestDeps,
  key: string,
  sequencer: string,
  detail?: IssueDetail,
): Promise<boolean> {
  const head = await deps.store.getHead(key);
  if (head === null || head.sequencer !== sequencer || head.statusSequencer === sequencer) return false;
  const record = statusFromHead(head);
  if (record === null) return false;
  // A redelivery that finds the status unwritten has only the head's summary to give.
  await deps.uploads.putStatus(detail === undefined ? record : { ...record, ...detail });
  await deps.store.markStatusWritten(key, sequencer);
  return true;
}
