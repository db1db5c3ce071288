/**
 * The group key (docs/contract.md §4): the fields whose values make lines one group, summed
 * together, and held by exactly one source object per period. One definition for the
 * aggregator, the store's item keys and conflict checks, the report and its downloads:
 * a new grouping dimension is a new entry in `GROUP_KEY_FIELDS` and in `FIELD_ORDER`.
 */
import { FUND_TYPES, type GroupLine } from './domain-types';

export const GROUP_KEY_FIELDS = ['unitCode', 'projectCode', 'fundType'] as const;
export type GroupKeyField = (typeof GROUP_KEY_FIELDS)[number];
export type GroupKey = Pick<GroupLine, GroupKeyField>;

/** Code-unit comparison, not locale collation, so every runtime sorts identically. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How each field orders: codes as text, fund types in the contract's list order. */
const FIELD_ORDER: { [F in GroupKeyField]: (a: GroupKey[F], b: GroupKey[F]) => number } = {
  unitCode: compareText,
  projectCode: compareText,
  fundType: (a, b) => FUND_TYPES.indexOf(a) - FUND_TYPES.indexOf(b),
};

/**
 * The one order of group lines used everywhere (validation result, report lines, DynamoDB
 * writes, CSV downloads): field by field, in `GROUP_KEY_FIELDS` order.
 */
export function compareGroupKeys(a: GroupKey, b: GroupKey): number {
  for (const field of GROUP_KEY_FIELDS) {
    const order = (FIELD_ORDER[field] as (x: string, y: string) => number)(a[field], b[field]);
    if (order !== 0) return order;
  }
  return 0;
}

/** Just the key of a line (or of anything carrying its fields). */
export function groupKeyOf(line: GroupKey): GroupKey {
  const key: Record<string, string> = {};
  for (const field of GROUP_KEY_FIELDS) key[field] = line[field];
  return key as GroupKey;
}

/** The key's values in field order: what item keys encode and messages show. */
export function groupKeyParts(key: GroupKey): string[] {
  return GROUP_KEY_FIELDS.map((field) => key[field]);
}

/** A string that identifies the key, for maps and sets; unambiguous whatever the codes hold. */
export function groupKeyId(key: GroupKey): string {
  return JSON.stringify(groupKeyParts(key));
}
