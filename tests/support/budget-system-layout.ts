/**
 * An export in the shape budget-management systems (预算管理一体化系统) write it, made from a
 * file in the contract's own CSV shape: a title row with the period, a `单位：万元` note, a
 * two-row header with merged parents (预算数 over 年初预算数 | 调整后预算数, 执行数 over
 * 本月支出 | 累计支出), code and name in one cell, a 序号 column, an execution-rate column the
 * pipeline ignores, a 合计 footer, and (in the workbook) a hidden first sheet of raw codes.
 * Used by the tests and by `scripts/make-example-workbook.ts` for examples/.
 */
import ExcelJS from 'exceljs';

const FEN_PER_WAN = 1_000_000n;

/** Yuan text (`46233300.00`) → fen. The contract files are exact to the fen. */
function fen(yuan: string): bigint {
  const [int = '0', frac = ''] = yuan.split('.');
  const negative = int.startsWith('-');
  const value = BigInt(int.replace('-', '')) * 100n + BigInt((frac + '00').slice(0, 2));
  return negative ? -value : value;
}

/** Fen → 万元 as the shortest decimal (what Excel would show): 392983050 → `392.98305`. */
export function wan(amount: bigint): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const int = abs / FEN_PER_WAN;
  const frac = (abs % FEN_PER_WAN).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`;
}

export interface LayoutOptions {
  /** 年初预算数 per project code where it differs from the adjusted budget (yuan). */
  initialBudgets?: Readonly<Record<string, string>>;
  title: string;
}

/** The layout's rows as text (amounts in 万元), header rows and footer included. */
export function budgetSystemRows(contractCsv: string, options: LayoutOptions): string[][] {
  const [headerLine, ...lines] = contractCsv.trim().split(/\r?\n/);
  const header = (headerLine ?? '').split(',');
  const at = (name: string) => header.indexOf(name);
  const rows: string[][] = [
    [options.title],
    ['编制单位：乐昌市民政局', '', '', '', '', '', '', '', '', '单位：万元'],
    [
      '序号',
      '预算单位',
      '预算项目',
      '项目级次',
      '资金性质',
      '功能分类',
      '支出类型',
      '预算数',
      '',
      '执行数',
      '',
      '执行率',
    ],
    ['', '', '', '', '', '', '', '年初预算数', '调整后预算数', '本月支出', '累计支出', ''],
  ];
  const total = { initial: 0n, budget: 0n, month: 0n, ytd: 0n };
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const get = (name: string) => cells[at(name)] ?? '';
    const budget = fen(get('全年预算数'));
    const initial = fen(options.initialBudgets?.[get('项目编码')] ?? get('全年预算数'));
    const month = fen(get('本月支出'));
    const ytd = fen(get('累计支出'));
    total.initial += initial;
    total.budget += budget;
    total.month += month;
    total.ytd += ytd;
    const rate = budget === 0n ? '' : (Number((ytd * 10000n) / budget) / 10000).toString();
    rows.push([
      String(i + 1),
      `${get('单位编码')} ${get('单位名称')}`,
      `${get('项目编码')} ${get('项目名称')}`,
      get('项目级次'),
      get('资金性质'),
      `${get('功能科目编码')} ${get('项目名称')}`,
      get('支出类型'),
      wan(initial),
      wan(budget),
      wan(month),
      wan(ytd),
      rate,
    ]);
  });
  rows.push([
    '',
    '合计',
    '',
    '',
    '',
    '',
    '',
    wan(total.initial),
    wan(total.budget),
    wan(total.month),
    wan(total.ytd),
    '',
  ]);
  return rows;
}

/** The same layout as a CSV text (what "Save as CSV UTF-8" of the workbook gives). */
export function budgetSystemCsv(contractCsv: string, options: LayoutOptions): string {
  return budgetSystemRows(contractCsv, options)
    .map((row) => row.join(','))
    .join('\r\n');
}

const AMOUNT_COLUMNS = new Set([7, 8, 9, 10, 11]);

/** The layout as a workbook: numbers as numbers, merged title and header cells, a hidden first sheet. */
export async function budgetSystemWorkbook(contractCsv: string, options: LayoutOptions): Promise<Buffer> {
  const rows = budgetSystemRows(contractCsv, options);
  const workbook = new ExcelJS.Workbook();
  const raw = workbook.addWorksheet('源数据', { state: 'hidden' });
  for (const line of contractCsv.trim().split(/\r?\n/)) raw.addRow(line.split(','));
  const sheet = workbook.addWorksheet('预算执行情况表');
  rows.forEach((row, r) => {
    const dataRow = r >= 4;
    sheet.addRow(
      row.map((cell, c) => {
        if (cell === '') return null;
        if (dataRow && (AMOUNT_COLUMNS.has(c) || c === 0)) return Number(cell);
        return cell;
      }),
    );
  });
  sheet.mergeCells('A1:L1');
  for (const column of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'L']) sheet.mergeCells(`${column}3:${column}4`);
  sheet.mergeCells('H3:I3');
  sheet.mergeCells('J3:K3');
  sheet.getColumn(12).numFmt = '0.00%';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
