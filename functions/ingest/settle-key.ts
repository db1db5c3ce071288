/**
 * What follows every recorded outcome of a key, and what a redelivery repeats (each step is
 * idempotent and driven by the table as it is now):
 *
 *   cleanup of generations that can no longer become live
 *   → if the key is blocked by another key's live version: leave a note under the holder
 *     (`WAITING#<holder>`), then look at the holder again — if it let go meanwhile, re-check now
 *   → note the keys waiting for this one whose blocker is no longer this key's live version
 *   → status object (written last for this key: it triggers render), with the newest version's
 *     problems in full when this attempt has them
 *   → answer the re-checks that are due; `settle-and-recheck.ts` runs them
 *     (docs/contract.md §3.1: moves converge)
 *
 * Why nothing is missed: a blocked key writes its note, then reads the holder; a holder records
 * its change, then reads its notes. Whichever comes second sees the other, so at least one of
 * them re-checks. Why it cannot loop: see docs/pipeline.md, "Re-checks".
 */
import type { SourceHead, Waiter } from '../store/source-head';
import type { IngestDeps } from './ingest-deps';
import { type IssueDetail, writeStatusIfCurrent } from './write-status';

/**
 * A re-check that settling found due: a key waiting for `holder` (its note is deleted once the
 * re-check ran, so a crash before keeps it), or the settled key itself, whose blocker let go.
 */
export type DueRecheck =
  | { kind: 'waiter'; holder: string; waiter: Waiter }
  | { kind: 'self'; head: SourceHead };

const holdsStill = (holder: SourceHead | null, blocker: { gen: string; period: string }): boolean =>
  holder?.active != null && holder.active.gen === blocker.gen && holder.active.period === blocker.period;

export async function settleKey(
  deps: IngestDeps,
  key: string,
  stamp: string,
  detail?: IssueDetail,
): Promise<DueRecheck[]> {
  const { store } = deps;
  await store.reconcileSource(key);
  const head = await store.getHead(key);
  if (head === null) return [];

  let recheckSelf = false;
  const blocker = head.blockedBy;
  if (blocker !== null && head.sequencer !== null) {
    await store.putWaiter(blocker.key, {
      key,
      stamp: head.sequencer,
      gen: blocker.gen,
      period: blocker.period,
    });
    recheckSelf = !holdsStill(await store.getHead(blocker.key), blocker);
  }

  const due = (await store.listWaiters(key)).filter((waiter) => !holdsStill(head, waiter));

  await writeStatusIfCurrent(deps, key, stamp, detail);

  return [
    ...due.map((waiter): DueRecheck => ({ kind: 'waiter', holder: key, waiter })),
    ...(recheckSelf && head.sequencer !== null ? [{ kind: 'self' as const, head }] : []),
  ];
}
