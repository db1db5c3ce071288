/**
 * The group key (docs/contract.md §4): the fields whose values make lines one group, summed
 * together, and held by exactly one source object per period. One definition for the
 * aggregator, the store's item keys and conflict checks, the report and its downloads:
 * a new grouping dimension is a field marked `key` in the field table (export-fields.ts).
 */
import { EXPORT_FIELDS, type FieldSpec, type FieldsWhere, fieldsWhere } from './export/export-fields';
import type { GroupLine } from './group-line';

/** The field table's `key` fields, in its order: (unitCode, projectCode, fundType). */
export const GROUP_KEY_FIELDS: readonly GroupKeyField[] = fieldsWhere('key');
export type GroupKeyField = FieldsWhere<'key'>;
export type GroupKey = Pick<GroupLine, GroupKeyField>;

/** The key's fields as captions name them: `单位 × 项目 × 资金性质` / `unit × project × fund type`. */
export const GROUP_KEY_LABEL = {
  zh: GROUP_KEY_FIELDS.map((field) => (EXPORT_FIELDS[field] as FieldSpec).keyLabel?.zh ?? field).join(' × '),
  en: GROUP_KEY_FIELDS.map((field) => (EXPORT_FIELDS[field] as FieldSpec).keyLabel?.en ?? field).join(' × '),
};

/** Code-unit comparison, not locale collation, so every runtime sorts identically. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fixed vocabulary's order: as its list gives it. */
export function inListOrder(values: readonly string[]): (a: string, b: string) => number {
  return (a, b) => values.indexOf(a) - values.indexOf(b);
}

/** How each field orders: a fixed vocabulary (fund types) in its list order, codes as text. */
const FIELD_ORDER = Object.fromEntries(
  GROUP_KEY_FIELDS.map((field) => {
    const values = (EXPORT_FIELDS[field] as FieldSpec).values;
    return [field, values === undefined ? compareText : inListOrder(values)];
  }),
) as Record<GroupKeyField, (a: string, b: string) => number>;

/**
 * The one order of group lines used everywhere (validation result, report lines, DynamoDB
 * writes, CSV downloads): field by field, in `GROUP_KEY_FIELDS` order.
 */
export function compareGroupKeys(a: GroupKey, b: GroupKey): number {
  for (const field of GROUP_KEY_FIELDS) {
    const order = FIELD_ORDER[field](a[field], b[field]);
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
