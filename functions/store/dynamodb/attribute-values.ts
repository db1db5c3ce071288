/**
 * Hand-written AttributeValues (no marshalling library): the few shapes the items use, and a
 * reader that turns an item into plain values for the zod schemas to check.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

export const str = (value: string): AttributeValue => ({ S: value });
export const num = (value: number): AttributeValue => ({ N: String(value) });
export const NULL: AttributeValue = { NULL: true };
export const strOrNull = (value: string | null): AttributeValue => (value === null ? NULL : str(value));
export const list = (values: AttributeValue[]): AttributeValue => ({ L: values });
export const map = (entries: Item): AttributeValue => ({ M: entries });
/** A string set; DynamoDB has no empty sets, so callers never pass an empty array. */
export const stringSet = (values: string[]): AttributeValue => ({ SS: values });

export function toPlain(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(toPlain);
  if (value.M !== undefined) return itemToPlain(value.M);
  if (value.SS !== undefined) return [...value.SS];
  throw new TypeError(`unsupported attribute type: ${Object.keys(value).join(',')}`);
}

export function itemToPlain(item: Item): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) plain[name] = toPlain(value);
  return plain;
}
