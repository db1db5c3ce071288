/**
 * What follows every recorded outcome of a key, and what a redelivery repeats (each step is
 * idempotent and driven by the table as it is now):
 *
 *   cleanup of generations that can no longer become live
 *   → for each holder whose live version keeps one of the key's versions out: leave a note
 *     under it (`WAITING#<holder>`), then look at it again — if it let go meanwhile, re-check now
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

/** Whether the holder still has the live version, and the run start, that kept the key out. */
const holdsStill = (
  holder: SourceHead | null,
  blocker: { gen: string; period: string; runBegan: string | null },
): boolean =>
  holder?.active != null &&
  holder.active.gen === blocker.gen &&
  holder.active.period === blocker.period &&
  holder.runBegan === blocker.runBegan;

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
  // A note under every holder that keeps one of its versions out: whichever lets go first
  // re-checks this key (the version it kept out may be an older one, below another holder's).
  const { sequencer } = head;
  if (sequencer !== null) {
    for (const blocker of head.blockedBy) {
      const { gen, period, runBegan } = blocker;
      await store.putWaiter(blocker.key, { key, stamp: sequencer, gen, period, runBegan });
      if (!holdsStill(await store.getHead(blocker.key), blocker)) recheckSelf = true;
    }
  }

  const due = (await store.listWaiters(key)).filter((waiter) => !holdsStill(head, waiter));

  await writeStatusIfCurrent(deps, key, stamp, detail);

  return [
    ...due.map((waiter): DueRecheck => ({ kind: 'waiter', holder: key, waiter })),
    ...(recheckSelf && head.sequencer !== null ? [{ kind: 'self' as const, head }] : []),
  ];
}
