import { describe, expect, it } from 'vitest';
import { lineSk, parseLineSk } from '../../../functions/store/dynamodb/item-keys';
import type { GroupLine } from '../../../shared/domain-types';
import {
  compareGroupKeys,
  GROUP_KEY_FIELDS,
  type GroupKey,
  groupKeyId,
  groupKeyOf,
  groupKeyParts,
} from '../../../shared/group-key';

const key = (unitCode: string, projectCode: string, fundType: GroupKey['fundType']): GroupKey => ({
  unitCode,
  projectCode,
  fundType,
});

describe('the group key', () => {
  it('is (unit, project, fund type), as the contract groups lines', () => {
    expect(GROUP_KEY_FIELDS).toEqual(['unitCode', 'projectCode', 'fundType']);
  });

  it('orders by unit, project, then fund type in the contract’s list order, by code units', () => {
    const keys = [
      key('101002', 'P1', '一般公共预算'),
      key('101001', 'P2', '一般公共预算'),
      key('101001', 'P1', '其他资金'),
      key('101001', 'P1', '一般公共预算'),
      key('10100', 'P9', '政府性基金预算'),
    ];
    expect([...keys].sort(compareGroupKeys).map(groupKeyParts)).toEqual([
      ['10100', 'P9', '政府性基金预算'],
      ['101001', 'P1', '一般公共预算'],
      ['101001', 'P1', '其他资金'],
      ['101001', 'P2', '一般公共预算'],
      ['101002', 'P1', '一般公共预算'],
    ]);
    expect(compareGroupKeys(key('a', 'b', '其他资金'), key('a', 'b', '其他资金'))).toBe(0);
  });

  it('takes only the key fields of a line, and tells keys apart by id', () => {
    const line = {
      ...key('U', 'P', '其他资金'),
      unitName: '单位',
      projectName: '项目',
    } as unknown as GroupLine;
    expect(groupKeyOf(line)).toEqual({ unitCode: 'U', projectCode: 'P', fundType: '其他资金' });
    expect(groupKeyId(key('a', 'b\u0001c', '其他资金'))).not.toBe(
      groupKeyId(key('a\u0001b', 'c', '其他资金')),
    );
    expect(groupKeyId(key('a', 'b', '其他资金'))).toBe(groupKeyId(key('a', 'b', '其他资金')));
  });

  it('round-trips through a line item’s sort key, whatever the codes hold', () => {
    const group = key('U#1', 'P%2/3', '社会保险基金预算');
    const parsed = parseLineSk(lineSk('incoming/a#b.csv', 'GEN1', group));
    expect(parsed?.key).toBe('incoming/a#b.csv');
    expect(parsed?.gen).toBe('GEN1');
    expect(parsed?.groupSk.split('#').map(decodeURIComponent)).toEqual(groupKeyParts(group));
  });
});
