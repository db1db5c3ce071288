/**
 * An indicator set's stored item: its key is derived from the group-key declaration, and must
 * stay the key sets were always stored under, or tables written before could not be read.
 */
import { describe, expect, it } from 'vitest';
import {
  indicatorSetGroup,
  indicatorSetItem,
  parseIndicatorSetItem,
} from '../../../functions/store/dynamodb/indicator-set-item';
import { parseLineSk } from '../../../functions/store/dynamodb/item-keys';
import { GROUP_KEY_FIELDS } from '../../../shared/group-key';
import { emptyFormTexts } from '../../../shared/self-evaluation/form-texts';
import type { IndicatorSet } from '../../../shared/self-evaluation/indicator-set';

const set: IndicatorSet = {
  year: 2021,
  projectCode: '44028121A000001',
  projectName: '最低生活保障',
  indicators: [],
  form: { ...emptyFormTexts(), conclusion: '达到预期' },
};

describe('indicator set items', () => {
  it('keep the sort key sets were stored under: empty unit and fund type around the project code', () => {
    const item = indicatorSetItem('indicators/lechang-2021.csv', 'g000001', '2021', set);
    expect(item.pk).toEqual({ S: 'PERIOD#2021' });
    expect(item.sk).toEqual({ S: 'LINE#indicators%2Flechang-2021.csv#g000001##44028121A000001#' });
    expect(parseLineSk(item.sk?.S ?? '')).toEqual({
      key: 'indicators/lechang-2021.csv',
      gen: 'g000001',
      groupSk: '#44028121A000001#',
    });
  });

  it('occupy a group with every key field but the project code empty', () => {
    const group = indicatorSetGroup('部门整体') as Record<string, string>;
    expect(Object.keys(group)).toEqual([...GROUP_KEY_FIELDS]);
    expect(group).toEqual({ unitCode: '', projectCode: '部门整体', fundType: '' });
  });

  it('read back the set they store', () => {
    const item = indicatorSetItem('indicators/a.csv', 'g1', '2021', set);
    const stored = parseIndicatorSetItem(item);
    expect(stored.sourceKey).toBe('indicators/a.csv');
    expect(stored.gen).toBe('g1');
    expect(stored.set.projectCode).toBe('44028121A000001');
    expect(stored.set.form.conclusion).toBe('达到预期');
  });
});
