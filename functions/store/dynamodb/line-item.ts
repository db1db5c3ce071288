/**
 * A group line as stored: one item per (source key, generation, group) in the period's
 * partition. Its attributes are the group line's, as the field table (shared/export/
 * export-fields.ts) carries them: key and first-line values as strings, code lists, names per
 * code and amounts per value as maps; the group's amounts at the top level (see amounts-item.ts).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import {
  CSV_FIELDS,
  EXPORT_FIELDS,
  type FieldSpec,
  listProperty,
  splitProperty,
} from '../../../shared/export/export-fields';
import type { GroupLine } from '../../../shared/group-line';
import type { SourcedGroupLine } from '../../../shared/report/period-report';
import { amountsItem, amountsOf, amountsSchema } from './amounts-item';
import { type Item, itemToPlain, list, map, num, str } from './attribute-values';
import { lineSk, periodPk } from './item-keys';

/** How each carried field is stored and read back. */
interface StoredField {
  property: string;
  schema: z.ZodType;
  write: (value: never) => AttributeValue | undefined;
  read: (value: never) => unknown;
}

const textOrEnum = (spec: FieldSpec) =>
  spec.values === undefined ? z.string() : z.enum(spec.values as [string, ...string[]]);

const amountsMap = (byValue: Record<string, z.output<typeof amountsSchema>> | undefined) =>
  byValue === undefined
    ? undefined
    : Object.fromEntries(Object.entries(byValue).map(([value, amounts]) => [value, amountsOf(amounts)]));

const amountsMapItem = (
  byValue: Record<string, GroupLine['amounts']> | undefined,
): AttributeValue | undefined => {
  if (byValue === undefined) return undefined;
  const entries: Item = {};
  for (const [value, amounts] of Object.entries(byValue)) entries[value] = map(amountsItem(amounts));
  return map(entries);
};

const STORED_FIELDS: StoredField[] = CSV_FIELDS.flatMap((field): StoredField[] => {
  const spec: FieldSpec = EXPORT_FIELDS[field];
  const same = (value: unknown) => value;
  switch (spec.line) {
    case 'key':
      return [{ property: field, schema: textOrEnum(spec), write: (v: string) => str(v), read: same }];
    case 'first': {
      // An optional field added later is absent from lines stored before it: its default stands in.
      const absent = spec.read.kind === 'value' ? spec.read.absent : '';
      return [
        {
          property: field,
          schema: spec.required ? textOrEnum(spec) : textOrEnum(spec).optional(),
          write: (v: string) => str(v),
          read: (v: unknown) => v ?? absent,
        },
      ];
    }
    case 'codes': {
      const codes = z.array(z.string());
      return [
        {
          property: listProperty(field),
          // A code field of its own, added later, is absent from lines stored before it.
          schema: spec.whenPresent === true ? codes.optional() : codes,
          write: (v: string[] | undefined) => (v === undefined ? undefined : list(v.map(str))),
          read: same,
        },
        {
          property: splitProperty(field),
          schema: z.record(z.string(), amountsSchema).optional(),
          write: amountsMapItem,
          read: amountsMap,
        },
      ];
    }
    case 'names':
      return [
        {
          property: listProperty(field),
          schema: z.record(z.string(), z.string()).optional(),
          write: (v: Record<string, string> | undefined) =>
            v === undefined
              ? undefined
              : map(Object.fromEntries(Object.entries(v).map(([k, n]) => [k, str(n)]))),
          read: same,
        },
      ];
    case 'split':
      return [
        {
          property: splitProperty(field),
          // A split field of its own (资金来源) is absent from lines without it, and from lines stored before it.
          schema:
            spec.whenPresent === true
              ? z.partialRecord(textOrEnum(spec), amountsSchema).optional()
              : z.partialRecord(textOrEnum(spec), amountsSchema),
          write: amountsMapItem,
          read: amountsMap,
        },
      ];
    default:
      return [];
  }
});

const lineItemSchema = z.object({
  sourceKey: z.string(),
  gen: z.string(),
  ...Object.fromEntries(STORED_FIELDS.map((f) => [f.property, f.schema])),
  ...amountsSchema.shape,
  lineCount: z.number().int().min(0),
});

export interface StoredLine {
  gen: string;
  line: SourcedGroupLine;
}

export function lineItem(key: string, gen: string, period: string, line: GroupLine): Item {
  const item: Item = {
    pk: str(periodPk(period)),
    sk: str(lineSk(key, gen, line)),
    sourceKey: str(key),
    gen: str(gen),
  };
  const values = line as unknown as Record<string, never>;
  for (const field of STORED_FIELDS) {
    const value = field.write(values[field.property] as never);
    if (value !== undefined) item[field.property] = value;
  }
  return { ...item, ...amountsItem(line.amounts), lineCount: num(line.lineCount) };
}

export function parseLineItem(item: Item): StoredLine {
  const v = lineItemSchema.parse(itemToPlain(item)) as Record<string, unknown> &
    z.output<typeof amountsSchema> & { sourceKey: string; gen: string; lineCount: number };
  const line: Record<string, unknown> = { sourceKey: v.sourceKey };
  for (const field of STORED_FIELDS) {
    const value = field.read(v[field.property] as never);
    if (value !== undefined) line[field.property] = value;
  }
  line.amounts = amountsOf(v);
  line.lineCount = v.lineCount;
  return { gen: v.gen, line: line as unknown as SourcedGroupLine };
}
