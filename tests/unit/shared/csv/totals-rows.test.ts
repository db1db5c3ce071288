import { describe, expect, it } from 'vitest';
import { formatYuan } from '../../../../shared/format';
import { detail, fixturePath, HEADER, located, validateBytes, validateFile } from './helpers';

/** A totals row with the label in the unit-name column and the three amounts. */
function totals(label: string, budget: string, month: string, ytd: string, labelIndex = 3): string {
  const fields = ['2021', '12', '', '', '', '', '', '', '', '', budget, month, ytd];
  fields[labelIndex] = label;
  return fields.join(',');
}

const a = detail({ 2: 'U1', 4: 'P1', 10: '100.00', 11: '10.00', 12: '50.00' });
const b = detail({ 2: 'U1', 4: 'P2', 5: '临时救助', 10: '200.00', 11: '20.00', 12: '150.00' });
const c = detail({ 2: 'U2', 4: 'P1', 10: '300.00', 11: '30.00', 12: '250.00' });

describe('totals rows', () => {
  it('are checked and not counted (Lechang with 小计 per unit and a 合计)', async () => {
    const result = await validateFile(fixturePath('lechang-2021-12.totals.csv'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(23);
    expect(formatYuan(result.totals.budget)).toBe('129653700.00');
  });

  it('report a 合计 that does not match the detail rows, at its line', async () => {
    const result = await validateFile(fixturePath('lechang-2021-12.totals-mismatch.csv'));
    expect(result.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
      ['TOTALS_MISMATCH', 29, '全年预算数', '129653600.00'],
    ]);
    expect(result.errors[0]?.message).toContain('129,653,700.00');
    expect(result.rows).toBe(23);
  });

  it('accept a 小计 of the rows since the previous totals row', async () => {
    const csv = [
      HEADER,
      a,
      b,
      totals('小计', '300.00', '30.00', '200.00'),
      c,
      totals('小计', '300.00', '30.00', '250.00'),
    ];
    const result = await validateBytes(csv.join('\n'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(3);
  });

  it('accept a 小计 of the unit of the row above, even with units interleaved', async () => {
    const csv = [HEADER, a, c, b, totals('小计', '300.00', '30.00', '200.00')];
    expect((await validateBytes(csv.join('\n'))).errors).toEqual([]);
  });

  it('accept a 合计 or 总计 label in a code or project-name cell', async () => {
    const csv = [
      HEADER,
      a,
      b,
      c,
      totals('总计', '600.00', '60.00', '450.00', 5),
      totals('合计', '600.00', '', '', 2),
    ];
    expect((await validateBytes(csv.join('\n'))).errors).toEqual([]);
  });

  it('reject a 小计 that matches neither reading, showing both', async () => {
    const csv = [HEADER, a, c, b, totals('小计', '600.00', '60.00', '400.00')];
    const result = await validateBytes(csv.join('\n'));
    // Budget and this month match the block (600 / 60): the first differing figure is named.
    expect(located(result.errors)).toEqual([{ code: 'TOTALS_MISMATCH', line: 5, column: '累计支出' }]);
    const message = result.errors[0]?.message ?? '';
    expect(message).toContain('本行累计支出 400.00 元');
    expect(message).toContain('上一个合计/小计行之后的明细合计 450.00 元');
    expect(message).toContain('单位 U1 的明细合计 200.00 元');
  });

  it('compare only the amounts the totals row fills in', async () => {
    const csv = [HEADER, a, b, totals('合计', '300.00', '', '200.00')];
    expect((await validateBytes(csv.join('\n'))).errors).toEqual([]);
  });

  it('report an unreadable amount in a totals row', async () => {
    const csv = [HEADER, a, totals('合计', 'n/a', '', '')];
    expect(located((await validateBytes(csv.join('\n'))).errors)).toEqual([
      { code: 'INVALID_AMOUNT', line: 3, column: '全年预算数' },
    ]);
  });

  it('read amounts as detail rows do: a too-precise total has the same code as a too-precise detail', async () => {
    const csv = [HEADER, detail({ 10: '1.001' }), totals('合计', '100.001', '', '')];
    expect(located((await validateBytes(csv.join('\n'))).errors)).toEqual([
      { code: 'AMOUNT_TOO_PRECISE', line: 2, column: '全年预算数' },
      { code: 'AMOUNT_TOO_PRECISE', line: 3, column: '全年预算数' },
    ]);
  });

  it('do not pile a mismatch on top of a row whose amounts were unreadable', async () => {
    const csv = [HEADER, a, detail({ 10: 'oops' }), totals('合计', '100.00', '', '')];
    expect(located((await validateBytes(csv.join('\n'))).errors)).toEqual([
      { code: 'INVALID_AMOUNT', line: 3, column: '全年预算数' },
    ]);
  });

  it('are detail rows when they have codes, even if named 小计', async () => {
    const csv = [HEADER, detail({ 5: '小计' })];
    const result = await validateBytes(csv.join('\n'));
    expect(result.valid).toBe(true);
    expect(result.rows).toBe(1);
  });

  it('accept a 合计 of one fund type when its label names it', async () => {
    const fund = detail({
      2: 'U3',
      4: 'P9',
      5: '儿童福利',
      7: '政府性基金预算',
      10: '40.00',
      11: '4.00',
      12: '40.00',
    });
    const csv = [
      HEADER,
      a,
      b,
      totals('一般公共预算合计', '300.00', '30.00', '200.00'),
      fund,
      totals('政府性基金预算合计', '40.00', '4.00', '40.00', 7),
      totals('总计', '340.00', '34.00', '240.00'),
    ];
    const result = await validateBytes(csv.join('\n'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(3);
  });

  it('check a 合计 placed right under the header against the whole file', async () => {
    const good = [HEADER, totals('合计', '600.00', '60.00', '450.00'), a, b, c];
    expect((await validateBytes(good.join('\n'))).errors).toEqual([]);
    const bad = [HEADER, totals('合计', '601.00', '60.00', '450.00'), a, b, c];
    const result = await validateBytes(bad.join('\n'));
    expect(located(result.errors)).toEqual([{ code: 'TOTALS_MISMATCH', line: 2, column: '全年预算数' }]);
    expect(result.errors[0]?.value).toBe('601.00');
  });
});
