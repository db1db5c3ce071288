/**
 * Valid exports in every shape docs/contract.md §2 allows, with their true figures: header aliases in
 * any case, spacing and bracket width, columns in any order, optional columns left out, an
 * unknown extra column, 元/万元 in headers or in a unit note above them, a title line, amounts
 * as 1234.5 / "1,234.56" / -12.00 / (1,200.00) / +3 / trailing zeros / padded, an empty
 * 本月支出, text with commas, quotes, newlines and formula characters, 合计 rows above or
 * below the details, blank lines, LF / CRLF / CR, UTF-8 with or without BOM, GB18030.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';

export interface Sums {
  budget: bigint;
  spentThisMonth: bigint;
  spentToDate: bigint;
}

export interface GeneratedExport {
  bytes: Buffer;
  period: { year: number; month: number };
  rows: number;
  totals: Sums;
  /** `unit|project|fund` → sums. */
  groups: Map<string, Sums>;
}

type Column =
  | 'year'
  | 'month'
  | 'unitCode'
  | 'unitName'
  | 'projectCode'
  | 'projectName'
  | 'projectLevel'
  | 'fundType'
  | 'functionCode'
  | 'expenditureType'
  | 'budget'
  | 'spentThisMonth'
  | 'spentToDate'
  | 'note';

const ALIASES: Record<Exclude<Column, 'note'>, string[]> = {
  year: ['年度', '预算年度', 'year', 'Year'],
  month: ['月份', '期间', 'month', 'MONTH'],
  unitCode: ['单位编码', '单位代码', 'unit_code', 'Unit Code'],
  unitName: ['单位名称', '预算单位', 'unit_name', 'UNIT-NAME'],
  projectCode: ['项目编码', '项目代码', 'project_code'],
  projectName: ['项目名称', 'project_name', 'Project Name'],
  projectLevel: ['项目级次', '项目层级', 'project_level'],
  fundType: ['资金性质', 'fund_type', 'Fund_Type'],
  functionCode: ['功能科目编码', '功能分类科目', 'function_code'],
  expenditureType: ['支出类型', 'expenditure_type'],
  budget: ['全年预算数', '调整后预算数', '预算数', 'budget'],
  spentThisMonth: ['本月支出', '本月执行数', 'spent_month'],
  spentToDate: ['累计支出', '累计执行数', '执行数', 'spent_ytd'],
};

const FUND_TYPES = [
  '一般公共预算',
  '政府性基金预算',
  '国有资本经营预算',
  '社会保险基金预算',
  '财政专户管理资金',
  '其他资金',
];
const UNITS = [
  { code: '101001', name: '乐昌市民政局' },
  { code: '101002', name: '社会福利院, "一院"' },
  { code: '乐01', name: '=HYPERLINK("x")' },
  { code: 'U-4', name: '救助站\n（临时）' },
];
const PROJECTS = [
  { code: '44028121A000001', name: '最低生活保障' },
  { code: '44028121A000002', name: '残疾人补贴，含“两项”' },
  { code: '44028121B000001', name: '合计调整项目' },
  { code: 'P4', name: '@养老服务' },
  { code: 'P5', name: 'Care, "home" services' },
  { code: 'P6', name: '-临时救助' },
];

type Scale = 'yuan' | 'wan';
type AmountStyle = 'plain' | 'fixed' | 'grouped' | 'accounting' | 'plus' | 'trailing' | 'padded';

function digits(fen: bigint, scale: Scale, style: AmountStyle): string {
  const abs = fen < 0n ? -fen : fen;
  const places = scale === 'wan' ? 6 : 2;
  const unit = 10n ** BigInt(places);
  let int = (abs / unit).toString();
  let frac = (abs % unit).toString().padStart(places, '0');
  if (style === 'plain') frac = frac.replace(/0+$/, '');
  if (style === 'trailing') frac = `${frac}000`;
  if (style === 'grouped' || style === 'accounting') int = int.replace(/\B(?=(\d{3})+$)/g, ',');
  return frac === '' ? int : `${int}.${frac}`;
}

function amountText(fen: bigint, scale: Scale, style: AmountStyle): string {
  const body = digits(fen, scale, style);
  if (fen < 0n) return style === 'accounting' ? `(${body})` : `-${body}`;
  if (style === 'plus') return `+${body}`;
  if (style === 'padded') return `  ${body} `;
  return body;
}

/** A CSV cell: quoted when it has to be (and sometimes when it does not). */
function cell(text: string, forceQuote: boolean): string {
  if (forceQuote || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

const rowArb = fc.record({
  unit: fc.nat({ max: UNITS.length - 1 }),
  project: fc.nat({ max: PROJECTS.length - 1 }),
  fund: fc.nat({ max: FUND_TYPES.length - 1 }),
  level: fc.constantFrom('一级', '二级', '1', '2', ''),
  functionCode: fc.constantFrom('2081901', '2082001', ''),
  expenditureType: fc.constantFrom('基本支出', '项目支出', ''),
  budget: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 13n }),
  spentThisMonth: fc.bigInt({ min: -(10n ** 10n), max: 10n ** 11n }),
  spentToDate: fc.bigInt({ min: -(10n ** 11n), max: 10n ** 13n }),
  styles: fc.array(
    fc.constantFrom<AmountStyle>('plain', 'fixed', 'grouped', 'accounting', 'plus', 'trailing', 'padded'),
    {
      minLength: 3,
      maxLength: 3,
    },
  ),
  quoteAll: fc.boolean(),
  emptyMonth: fc.boolean(),
});

const OPTIONAL: Column[] = ['projectLevel', 'functionCode', 'expenditureType', 'spentThisMonth', 'note'];
const REQUIRED: Column[] = [
  'year',
  'month',
  'unitCode',
  'unitName',
  'projectCode',
  'projectName',
  'fundType',
  'budget',
  'spentToDate',
];

const optionsArb = fc.record({
  year: fc.integer({ min: 2000, max: 2100 }),
  month: fc.integer({ min: 1, max: 12 }),
  yearStyle: fc.constantFrom('plain', '年'),
  monthStyle: fc.constantFrom('plain', '月', 'dash', 'compact'),
  optional: fc.subarray(OPTIONAL),
  aliasChoice: fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
  padHeaders: fc.boolean(),
  units: fc.array(fc.constantFrom('', '(元)', '（元）', '(万元)', '（ 万元 ）'), {
    minLength: 3,
    maxLength: 3,
  }),
  unitNote: fc.constantFrom('none', '金额单位：万元', '单位:元'),
  title: fc.boolean(),
  order: fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
  totalsRow: fc.constantFrom('none', 'end', 'top'),
  blankLines: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  finalEol: fc.boolean(),
  encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'gb18030'),
});

export function generatedExportArb(rows: {
  minLength: number;
  maxLength: number;
}): fc.Arbitrary<GeneratedExport> {
  // Names come from fixed pools per code, so one project code always has one name.
  return fc.tuple(optionsArb, fc.array(rowArb, rows)).map(([options, list]) => build(options, list));
}

function build(o: OptionsValue, rows: RowValue[]): GeneratedExport {
  const columns = [...REQUIRED, ...o.optional];
  // A stable shuffle driven by the generated keys.
  const order = columns
    .map((column, i) => ({ column, key: o.order[i] ?? i }))
    .sort((a, b) => a.key - b.key || a.column.localeCompare(b.column))
    .map((entry) => entry.column);

  const amountColumns = ['budget', 'spentThisMonth', 'spentToDate'] as const;
  const scaleOf: Record<(typeof amountColumns)[number], Scale> = {
    budget: 'yuan',
    spentThisMonth: 'yuan',
    spentToDate: 'yuan',
  };
  const defaultScale: Scale = o.unitNote === '金额单位：万元' ? 'wan' : 'yuan';
  const header = order.map((column, i) => {
    if (column === 'note') return '备注';
    const aliases = ALIASES[column];
    let text = aliases[(o.aliasChoice[i] ?? 0) % aliases.length] ?? aliases[0] ?? column;
    const amountIndex = amountColumns.indexOf(column as (typeof amountColumns)[number]);
    if (amountIndex !== -1) {
      const unit = o.units[amountIndex] ?? '';
      scaleOf[column as (typeof amountColumns)[number]] = unit.includes('万元')
        ? 'wan'
        : unit === ''
          ? defaultScale
          : 'yuan';
      text += unit;
    }
    return o.padHeaders ? ` ${text} ` : text;
  });

  const yearText = o.yearStyle === '年' ? `${o.year}年` : String(o.year);
  const mm = String(o.month).padStart(2, '0');
  const monthText =
    o.monthStyle === '月'
      ? `${o.month}月`
      : o.monthStyle === 'dash'
        ? `${o.year}-${mm}`
        : o.monthStyle === 'compact'
          ? `${o.year}${mm}`
          : String(o.month);

  const totals: Sums = { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
  const groups = new Map<string, Sums>();
  const lines: string[] = [];
  for (const row of rows) {
    const unit = UNITS[row.unit] ?? UNITS[0];
    const project = PROJECTS[row.project] ?? PROJECTS[0];
    const fund = FUND_TYPES[row.fund] ?? '一般公共预算';
    if (unit === undefined || project === undefined) throw new Error('pool');
    const hasMonth = o.optional.includes('spentThisMonth');
    const month = hasMonth ? row.spentThisMonth : 0n;
    const emptyMonth = hasMonth && row.emptyMonth && month === 0n;
    const values: Record<Column, string> = {
      year: yearText,
      month: monthText,
      unitCode: unit.code,
      unitName: unit.name,
      projectCode: project.code,
      projectName: project.name,
      projectLevel: row.level,
      fundType: fund,
      functionCode: row.functionCode,
      expenditureType: row.expenditureType,
      budget: amountText(row.budget, scaleOf.budget, row.styles[0] ?? 'fixed'),
      spentThisMonth: emptyMonth ? '' : amountText(month, scaleOf.spentThisMonth, row.styles[1] ?? 'fixed'),
      spentToDate: amountText(row.spentToDate, scaleOf.spentToDate, row.styles[2] ?? 'fixed'),
      note: '备注, 无',
    };
    lines.push(order.map((column) => cell(values[column], row.quoteAll)).join(','));
    totals.budget += row.budget;
    totals.spentThisMonth += month;
    totals.spentToDate += row.spentToDate;
    const key = `${unit.code}|${project.code}|${fund}`;
    const group = groups.get(key) ?? { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
    group.budget += row.budget;
    group.spentThisMonth += month;
    group.spentToDate += row.spentToDate;
    groups.set(key, group);
  }

  if (o.totalsRow !== 'none' && rows.length > 0) {
    const values = (column: Column): string => {
      if (column === 'year') return yearText;
      if (column === 'month') return monthText;
      if (column === 'unitName') return '合计';
      if (column === 'budget') return amountText(totals.budget, scaleOf.budget, 'grouped');
      if (column === 'spentThisMonth')
        return amountText(totals.spentThisMonth, scaleOf.spentThisMonth, 'fixed');
      if (column === 'spentToDate') return amountText(totals.spentToDate, scaleOf.spentToDate, 'fixed');
      return '';
    };
    const line = order.map((column) => cell(values(column), false)).join(',');
    if (o.totalsRow === 'end') lines.push(line);
    else lines.unshift(line);
  }
  if (o.blankLines && lines.length > 1) {
    lines.splice(1, 0, order.map(() => '').join(','));
    lines.push('');
  }
  const preamble: string[] = [];
  if (o.title) preamble.push(`乐昌市民政局${o.year}年${o.month}月预算执行情况表`);
  if (o.unitNote !== 'none') preamble.push(o.unitNote);
  const text =
    [...preamble, header.map((h) => cell(h, false)).join(','), ...lines].join(o.eol) +
    (o.finalEol ? o.eol : '');

  let bytes: Buffer;
  if (o.encoding === 'gb18030') bytes = iconv.encode(text, 'gb18030');
  else if (o.encoding === 'utf-8-bom')
    bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  else bytes = Buffer.from(text, 'utf8');
  return { bytes, period: { year: o.year, month: o.month }, rows: rows.length, totals, groups };
}

type OptionsValue = typeof optionsArb extends fc.Arbitrary<infer T> ? T : never;
type RowValue = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
