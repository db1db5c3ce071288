/**
 * Keys of the single-table layout (see docs/pipeline.md). Free text inside sort keys (object
 * keys, unit and project codes) is percent-encoded so that `#` can only be a separator: with
 * raw text, `begins_with(sk, "LINE#a.csv#")` would also match the lines of `a.csv#b.csv`.
 */
import type { GroupKey } from '../source-head';

export const HEADS_PK = 'SOURCES';
export const LINE_PREFIX = 'LINE#';

const enc = encodeURIComponent;

export const periodPk = (period: string): string => `PERIOD#${period}`;
export const claimPk = (period: string): string => `CLAIM#${period}`;

export const groupSk = (group: GroupKey): string =>
  `${enc(group.unitCode)}#${enc(group.projectCode)}#${enc(group.fundType)}`;

/** All lines of one source key in a period, whatever their generation. */
export const sourceLinesPrefix = (key: string): string => `${LINE_PREFIX}${enc(key)}#`;

/** The lines of one generation of one source key. */
export const generationLinesPrefix = (key: string, gen: string): string => `${sourceLinesPrefix(key)}${gen}#`;

export const lineSk = (key: string, gen: string, group: GroupKey): string =>
  `${generationLinesPrefix(key, gen)}${groupSk(group)}`;

/** DynamoDB's limit on a sort key, in UTF-8 bytes. */
export const MAX_SORT_KEY_BYTES = 1024;
