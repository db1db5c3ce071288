/**
 * Settles a recorded outcome and runs the re-checks it makes due, and theirs, depth first: the
 * one place the chain of re-checks is driven, and the one home of its depth rule.
 *
 * A chain is bounded by the number of blocked keys (docs/pipeline.md, "Re-checks"); beyond
 * {@link MAX_RECHECK_DEPTH} nested re-checks the message fails and SQS delivers it again, with
 * the notes still in place, so the work goes on from there in a fresh invocation.
 */
import type { SourceHead } from '../store/source-head';
import { alertIfRejected } from './alert-if-rejected';
import type { FileResult, IngestDeps } from './ingest-deps';
import type { KeyStep } from './key-step';
import { recheckKey } from './recheck-key';
import { type DueRecheck, settleKey } from './settle-key';

/** Re-checks caused by re-checks, beyond which the message fails and is retried. */
export const MAX_RECHECK_DEPTH = 8;

export class RecheckDepthError extends Error {
  override name = 'RecheckDepthError';
}

/** Settles `step` (if it recorded anything) and everything that follows; answers its result. */
export async function settleAndRecheck(deps: IngestDeps, key: string, step: KeyStep): Promise<FileResult> {
  await settleStep(deps, key, step, 0);
  return step.result;
}

async function settleStep(deps: IngestDeps, key: string, step: KeyStep, depth: number): Promise<void> {
  if (step.settle === null) return;
  const due = await settleKey(deps, key, step.settle.stamp, step.settle.detail);
  for (const recheck of due) await runRecheck(deps, recheck, depth + 1);
}

async function runRecheck(deps: IngestDeps, recheck: DueRecheck, depth: number): Promise<void> {
  const where = recheck.kind === 'waiter' ? recheck.holder : recheck.head.key;
  if (depth > MAX_RECHECK_DEPTH) {
    throw new RecheckDepthError(`re-checks nested ${depth} deep at ${where}; the message is retried`);
  }
  if (recheck.kind === 'self') {
    await recheckAndSettle(deps, recheck.head, depth);
    return;
  }
  const { holder, waiter } = recheck;
  const head = await deps.store.getHead(waiter.key);
  // Still the outcome that was blocked (a newer upload of the key was checked on its own).
  if (
    head !== null &&
    head.sequencer === waiter.stamp &&
    head.blockedBy.some((blocker) => blocker.key === holder)
  ) {
    await recheckAndSettle(deps, head, depth);
  }
  await deps.store.deleteWaiter(holder, waiter);
}

async function recheckAndSettle(deps: IngestDeps, head: SourceHead, depth: number): Promise<void> {
  const step = await recheckKey(deps, head);
  await settleStep(deps, head.key, step, depth);
  // A holder displaced by a file that came back is rejected by its re-check: one alert says so
  // (a key re-checked and still kept out has the same content, already announced).
  if (step.settle !== null && (step.result.outcome === 'rejected' || step.result.outcome === 'conflict')) {
    await alertIfRejected(deps, head.key, step.settle.stamp);
  }
}
