/**
 * An indicator set as stored: one item per (source key, generation, project code) in the
 * partition of its year (`PERIOD#<YYYY>`), with the same sort-key layout as lines, so the
 * generation, lease, conflict and cleanup machinery of exports applies to it unchanged (a set
 * is a "group" whose unit and fund type are empty). The rows are one JSON string attribute.
 */
import * as z from 'zod';
import { GROUP_KEY_FIELDS, type GroupKey, type GroupKeyField } from '../../../shared/group-key';
import {
  fromStoredIndicatorSet,
  toStoredIndicatorSet,
} from '../../../shared/indicators/stored-indicator-set';
import type { IndicatorSet } from '../../../shared/self-evaluation/indicator-set';
import { type Item, itemToPlain, str } from './attribute-values';
import { lineSk, periodPk } from './item-keys';

/** The one field of the group key a set is identified by. */
const SET_KEY_FIELD: GroupKeyField = 'projectCode';

/**
 * The group key a set occupies: its project code, every other field of the group key empty
 * (for today's key, sort key `…#<project>#`, as sets have always been stored). No export line
 * has an empty fund type, so the empty part keeps a set's sort key apart from any line's.
 */
export function indicatorSetGroup(projectCode: string): GroupKey {
  const key = Object.fromEntries(
    GROUP_KEY_FIELDS.map((field) => [field, field === SET_KEY_FIELD ? projectCode : '']),
  );
  return key as GroupKey;
}

const itemSchema = z.object({
  sourceKey: z.string(),
  gen: z.string(),
  indicatorSet: z.string(),
});

export interface StoredSet {
  gen: string;
  sourceKey: string;
  set: IndicatorSet;
}

export function indicatorSetItem(key: string, gen: string, period: string, set: IndicatorSet): Item {
  return {
    pk: str(periodPk(period)),
    sk: str(lineSk(key, gen, indicatorSetGroup(set.projectCode))),
    sourceKey: str(key),
    gen: str(gen),
    indicatorSet: str(JSON.stringify(toStoredIndicatorSet(set))),
  };
}

export function parseIndicatorSetItem(item: Item): StoredSet {
  const v = itemSchema.parse(itemToPlain(item));
  return { gen: v.gen, sourceKey: v.sourceKey, set: fromStoredIndicatorSet(JSON.parse(v.indicatorSet)) };
}
