/**
 * Keys of the single-table layout (see docs/pipeline.md). Free text inside sort keys (object
 * keys, unit and project codes) is percent-encoded so that `#` can only be a separator: with
 * raw text, `begins_with(sk, "LINE#a.csv#")` would also match the lines of `a.csv#b.csv`.
 */
import { GROUP_KEY_FIELDS, type GroupKey, groupKeyParts } from '../../../shared/group-key';
import type { GenerationRef } from '../source-head';

export const HEADS_PK = 'SOURCES';
export const LINE_PREFIX = 'LINE#';
export const LEASE_SK = 'LEASE';

const enc = encodeURIComponent;

export const periodPk = (period: string): string => `PERIOD#${period}`;
/** Keys waiting for `holder` to let go of a group (sort key: the waiting key). */
export const waitingPk = (holder: string): string => `WAITING#${holder}`;

/** Its own partition, so a lease never shows up among a period's lines. */
export const leasePk = (period: string): string => `LEASE#${period}`;

/** The group key's values in field order, each encoded: `<unit>#<project>#<fund type>`. */
export const groupSk = (group: GroupKey): string => groupKeyParts(group).map(enc).join('#');

/** `LINE`, the source key and the generation come before the group's parts in a line's sort key. */
const LINE_SK_PARTS = 3 + GROUP_KEY_FIELDS.length;

/** All lines of one source key in a period, whatever their generation. */
export const sourceLinesPrefix = (key: string): string => `${LINE_PREFIX}${enc(key)}#`;

/** The lines of one generation of one source key. */
export const generationLinesPrefix = (key: string, gen: string): string => `${sourceLinesPrefix(key)}${gen}#`;

export const lineSk = (key: string, gen: string, group: GroupKey): string =>
  `${generationLinesPrefix(key, gen)}${groupSk(group)}`;

/**
 * The sort-key ranges (inclusive) holding every line of a period except those of `key`.
 * The strings starting with `LINE#<key>#` are exactly those in [`LINE#<key>#`, `LINE#<key>$`)
 * (`$` follows `#`), so the lines of everyone else lie below or above that interval, and a
 * conflict check need not read the key's own lines — for a re-upload, most of the period.
 */
export function otherSourcesLineRanges(key: string): [string, string][] {
  const own = sourceLinesPrefix(key);
  const afterOwn = `${own.slice(0, -1)}$`;
  return [
    [LINE_PREFIX, own],
    [afterOwn, 'LINE$'],
  ];
}

/** The source key, generation and group sort key of a line, read back from its sort key. */
export function parseLineSk(sk: string): { key: string; gen: string; groupSk: string } | null {
  const parts = sk.split('#');
  if (parts.length !== LINE_SK_PARTS || `${parts[0]}#` !== LINE_PREFIX) return null;
  return { key: decodeURIComponent(parts[1] ?? ''), gen: parts[2] ?? '', groupSk: parts.slice(3).join('#') };
}

/** A generation as stored in the head's `generations` string set: `<period>#<gen>`. */
export const generationToken = (generation: GenerationRef): string =>
  `${generation.period}#${generation.gen}`;

export function parseGenerationToken(token: string): GenerationRef | null {
  const at = token.indexOf('#');
  if (at <= 0 || at === token.length - 1) return null;
  return { period: token.slice(0, at), gen: token.slice(at + 1) };
}

/** DynamoDB's limit on a sort key, in UTF-8 bytes. */
export const MAX_SORT_KEY_BYTES = 1024;
