/**
 * The pieces of the head's conditional updates: the newer-stamp-wins condition, a version's
 * outcome as attributes, the blocker, and the attribute lists removed together.
 */

import { HEAD_ERRORS_BYTES, HEAD_WARNINGS_BYTES, summarizeIssues } from '../../common/issue-bounds';
import type { Blocker, VersionOutcome } from '../source-head';
import { type Item, list, map, num, str, strOrNull } from './attribute-values';
import { BLOCKER_ATTRIBUTES, issuesValue, totalsValue } from './head-item';

export const NEWER_WINS = 'attribute_not_exists(#sequencer) OR #sequencer < :sequencer';

/** Builds `SET #a = :a, …` with the attribute name as both placeholders, for readable commands. */
export function setClause(values: Item): { clause: string; names: Record<string, string>; values: Item } {
  const names: Record<string, string> = {};
  const placeholders: Item = {};
  const parts: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    names[`#${name}`] = name;
    placeholders[`:${name}`] = value;
    parts.push(`#${name} = :${name}`);
  }
  return { clause: parts.join(', '), names, values: placeholders };
}

export function outcomeValues(outcome: VersionOutcome, status: 'accepted' | 'rejected'): Item {
  return {
    sequencer: str(outcome.sequencer),
    status: str(status),
    period: strOrNull(outcome.period),
    rows: num(outcome.rows),
    sha256: strOrNull(outcome.sha256),
    etag: strOrNull(outcome.etag),
    versionId: strOrNull(outcome.versionId),
    groups: num(outcome.groups),
    totals: totalsValue(outcome.totals),
    // A bounded summary, whatever the file held: the full list is in the S3 status object.
    errors: issuesValue(summarizeIssues(outcome.errors, HEAD_ERRORS_BYTES)),
    errorCount: num(outcome.errorCount),
    warnings: issuesValue(summarizeIssues(outcome.warnings, HEAD_WARNINGS_BYTES)),
    processedAt: str(outcome.processedAt),
    runBegan: strOrNull(outcome.runBegan),
  };
}

/** SET of the blockers (the older single-blocker attributes removed), or all of them for REMOVE. */
export function blockerUpdate(blockedBy: readonly Blocker[] | undefined): { set: Item; remove: string[] } {
  const others = BLOCKER_ATTRIBUTES.filter((name) => name !== 'blockers');
  if (blockedBy === undefined || blockedBy.length === 0) return { set: {}, remove: [...BLOCKER_ATTRIBUTES] };
  return {
    set: {
      blockers: list(
        blockedBy.map(({ key, gen, period, runBegan }) =>
          map({ key: str(key), gen: str(gen), period: str(period), runBegan: strOrNull(runBegan) }),
        ),
      ),
    },
    remove: others,
  };
}

export const ACTIVE_REMOVED = [
  'activeGen',
  'activeRows',
  'activeSha256',
  'activeCommittedAt',
  'activeVersionId',
];

export const namesOf = (attributes: readonly string[]) =>
  Object.fromEntries(attributes.map((name) => [`#${name}`, name]));
export const removeList = (attributes: readonly string[]) => attributes.map((name) => `#${name}`).join(', ');
