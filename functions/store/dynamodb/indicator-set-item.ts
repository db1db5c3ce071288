/**
 * An indicator set as stored: one item per (source key, generation, project code) in the
 * partition of its year (`PERIOD#<YYYY>`), with the same sort-key layout as lines, so the
 * generation, lease, conflict and cleanup machinery of exports applies to it unchanged (a set
 * is a "group" whose unit and fund type are empty). The rows are one JSON string attribute.
 */
import * as z from 'zod';
import {
  fromStoredIndicatorSet,
  toStoredIndicatorSet,
} from '../../../shared/indicators/stored-indicator-set';
import type { IndicatorSet } from '../../../shared/self-evaluation/indicator-set';
import type { GroupKey } from '../source-head';
import { type Item, itemToPlain, str } from './attribute-values';
import { lineSk, periodPk } from './item-keys';

/** The group key a set occupies: its project code, nothing else. */
export function indicatorSetGroup(projectCode: string): GroupKey {
  // No fund type: the empty part keeps a set's sort key apart from any export line's.
  return { unitCode: '', projectCode, fundType: '' as GroupKey['fundType'] };
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
