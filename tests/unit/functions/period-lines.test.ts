/** A period's lines as streams in group order: merged across sources, joined with the month before. */
import { describe, expect, it } from 'vitest';
import {
  LinesOutOfOrderError,
  openPeriodLines,
  readSortedPeriodLines,
  withPreviousSpentToDate,
} from '../../../functions/render/period-lines';
import { groupSk } from '../../../functions/store/dynamodb/item-keys';
import type { FundType } from '../../../shared/domain-types';
import type { SourcedGroupLine } from '../../../shared/report/period-report';
import { compareLines } from '../../../shared/report/period-report-builder';
import { groupLine } from '../../support/group-lines';

const line = (key: string, unit: string, project: string, fund: FundType = '一般公共预算', spent = 100n) => ({
  ...groupLine(unit, project, 1_000n, spent, fund),
  sourceKey: key,
});

/** The store's answer: each generation's lines in sort-key order (encoded codes), `pageSize` at a time. */
function storeOf(lines: SourcedGroupLine[]) {
  const pages: number[] = [];
  return {
    pages,
    async *generationLinePages(_period: string, key: string, _gen: string, pageSize: number) {
      const own = lines
        .filter((l) => l.sourceKey === key)
        .sort((a, b) => (groupSk(a) < groupSk(b) ? -1 : groupSk(a) > groupSk(b) ? 1 : 0));
      for (let i = 0; i < own.length; i += pageSize) {
        pages.push(pageSize);
        yield own.slice(i, i + pageSize);
      }
    },
  };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const generations = [
  { key: 'a.csv', gen: 'G1' },
  { key: 'b.csv', gen: 'G1' },
];

describe('period lines', () => {
  it('merges the sources in group order, fund types in the contract order', async () => {
    const lines = [
      line('a.csv', 'U2', 'P1', '其他资金'),
      line('a.csv', 'U2', 'P1', '政府性基金预算'),
      line('a.csv', 'U4', 'P1'),
      line('b.csv', 'U1', 'P9'),
      line('b.csv', 'U3', 'P1'),
      line('a.csv', 'U2', 'P1', '一般公共预算'),
    ];
    const opened = await openPeriodLines(storeOf(lines), '2021-02', generations);
    expect(opened.firstLines.map((l) => l.unitCode)).toEqual(['U2', 'U1']);
    expect(await all(opened.lines)).toEqual([...lines].sort(compareLines));
  });

  it('gives each source’s first line before any is read out (which optional columns the period has)', async () => {
    const stated = {
      ...line('b.csv', 'U1', 'P1'),
      amounts: { ...line('b.csv', 'U1', 'P1').amounts, budgetInitial: 5n },
    };
    const opened = await openPeriodLines(
      storeOf([line('a.csv', 'U2', 'P1'), stated]),
      '2021-02',
      generations,
    );
    expect(opened.firstLines.map((l) => l.amounts.budgetInitial)).toEqual([undefined, 5n]);
  });

  it('reads fewer lines per query the more sources a period has', async () => {
    const store = storeOf([line('a.csv', 'U1', 'P1'), line('b.csv', 'U2', 'P1')]);
    await all((await openPeriodLines(store, '2021-02', generations)).lines);
    expect(new Set(store.pages)).toEqual(new Set([1_000]));
    const many = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}.csv`, gen: 'G1' }));
    const crowded = storeOf(many.map((g, i) => line(g.key, `U${String(i).padStart(3, '0')}`, 'P1')));
    await all((await openPeriodLines(crowded, '2021-02', many)).lines);
    expect(new Set(crowded.pages)).toEqual(new Set([25]));
  });

  it('stops on codes whose stored order is not the group order; the in-memory read sorts them', async () => {
    const lines = [line('a.csv', 'U.1', 'P1'), line('a.csv', 'U/1', 'P1'), line('a.csv', 'U-1', 'P1')];
    const opened = await openPeriodLines(storeOf(lines), '2021-02', generations);
    await expect(all(opened.lines)).rejects.toBeInstanceOf(LinesOutOfOrderError);
    const sorted = await readSortedPeriodLines(storeOf(lines), '2021-02', generations);
    expect((await all(sorted.lines)).map((l) => l.unitCode)).toEqual(['U-1', 'U.1', 'U/1']);
  });

  it('gives each line its group’s spending to date the month before: 0 when new, null without a month', async () => {
    const now = [line('a.csv', 'U1', 'P1'), line('a.csv', 'U2', 'P1'), line('a.csv', 'U3', 'P1')];
    const before = [
      line('x.csv', 'U0', 'P1', '一般公共预算', 7n),
      line('x.csv', 'U2', 'P1', '一般公共预算', 40n),
    ];
    async function* each(items: SourcedGroupLine[]) {
      yield* items;
    }
    const joined = await all(withPreviousSpentToDate(each(now), each(before)));
    expect(joined.map(([l, spent]) => [l.unitCode, spent])).toEqual([
      ['U1', 0n],
      ['U2', 40n],
      ['U3', 0n],
    ]);
    const alone = await all(withPreviousSpentToDate(each(now), null));
    expect(alone.map(([, spent]) => spent)).toEqual([null, null, null]);
  });
});
