/**
 * An independent, deliberately plain reading of an export, to check `validateExport` against:
 * the whole file decoded at once (UTF-8, else GB18030), parsed by csv-parse in one call, the
 * header found by name, every detail row summed with a straightforward bigint amount parser.
 * No streaming, no batches, no caches, no shared code with shared/csv — only the contract of
 * docs/contract.md §2, read leniently where the contract is silent (title lines above the header, the
 * period forms under 期间, totals labels in any text cell).
 *
 * It answers `readable: false` when it cannot make sense of a file; the fuzz tests only use it
 * in one direction: whenever the validator accepts a file, the reference must read the same
 * period, the same number of detail rows and exactly the same sums, per group and in total.
 */
import { parse } from 'csv-parse/sync';

export interface ReferenceAmounts {
  budget: bigint;
  spentThisMonth: bigint;
  spentToDate: bigint;
}

export type ReferenceReading =
  | {
      readable: true;
      period: { year: number; month: number };
      rows: number;
      totals: ReferenceAmounts;
      /** `unit|project|fund` → sums. */
      groups: Map<string, ReferenceAmounts>;
    }
  | { readable: false; why: string };

type Field =
  | 'year'
  | 'month'
  | 'unitCode'
  | 'unitName'
  | 'projectCode'
  | 'projectName'
  | 'fundType'
  | 'budget'
  | 'spentThisMonth'
  | 'spentToDate';

/** docs/contract.md §2's header table (the optional text columns play no part in the sums). */
const ALIASES: Record<Field, string[]> = {
  year: ['年度', '预算年度', 'year'],
  month: ['月份', '期间', 'month'],
  unitCode: ['单位编码', '单位代码', 'unit_code', 'unitCode'],
  unitName: ['单位名称', '预算单位', '单位', 'unit_name', 'unitName'],
  projectCode: ['项目编码', '项目代码', 'project_code', 'projectCode'],
  projectName: ['项目名称', '预算项目', '项目', 'project_name', 'projectName'],
  fundType: ['资金性质', 'fund_type', 'fundType'],
  // §2.2's aliases too.
  budget: ['全年预算数', '调整后预算数', '预算数', '全年预算', '指标金额', '可执行指标', 'budget'],
  spentThisMonth: ['本月支出', '本月执行数', 'spent_month', 'spentThisMonth'],
  spentToDate: [
    '累计支出',
    '累计执行数',
    '执行数',
    '累计支出数',
    '实际支出',
    '已支付金额',
    '支付数',
    '累计执行',
    'spent_ytd',
    'spentToDate',
  ],
};
const OTHER_KNOWN = [
  '年初预算数',
  '年初预算',
  'initial_budget',
  'budgetInitial',
  '功能分类',
  '支出功能分类',
  '功能科目',
  '项目级次',
  '项目层级',
  'project_level',
  '功能科目编码',
  '功能分类科目',
  'function_code',
  '支出类型',
  'expenditure_type',
];

const FUND_TYPES = [
  '一般公共预算',
  '政府性基金预算',
  '国有资本经营预算',
  '社会保险基金预算',
  '财政专户管理资金',
  '其他资金',
];

type Scale = 'yuan' | 'wan';

/** §2.4: zero-width characters, BOMs inside cells, soft hyphens are not part of any text. */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;
/** §2.4: codes are compared after NFKC, without invisible characters, trimmed. */
const code = (text: string) => text.normalize('NFKC').replace(INVISIBLE, '').trim();

/** Case, spaces, `_`/`-`, full-width forms ignored; a trailing (元)/(万元) read off. */
function headerKey(cell: string): { key: string; scale: Scale | null } {
  let key = cell
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(/[\s_\-·]/g, '');
  let scale: Scale | null = null;
  const unit = /[([](万元|元)[)\]]$/.exec(key);
  if (unit !== null) {
    scale = unit[1] === '万元' ? 'wan' : 'yuan';
    key = key.slice(0, unit.index);
  }
  return { key, scale };
}

const FIELD_OF = new Map<string, Field>();
for (const [field, aliases] of Object.entries(ALIASES) as [Field, string[]][]) {
  for (const alias of aliases) FIELD_OF.set(headerKey(alias).key, field);
}
const KNOWN = new Set([...FIELD_OF.keys(), ...OTHER_KNOWN.map((alias) => headerKey(alias).key)]);

/** `1234.5`, `1,234.56`, `-12.00`, `+3`, `(1,200.00)`, `（5）`; at most fen after scaling. */
export function referenceAmount(text: string, scale: Scale): bigint | null {
  let s = text.trim();
  let negative = false;
  const parens = /^\((.*)\)$/.exec(s) ?? /^（(.*)）$/.exec(s);
  if (parens !== null) {
    negative = true;
    s = (parens[1] ?? '').trim();
  }
  if (s.startsWith('-') || s.startsWith('+')) {
    if (negative) return null;
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
  if (m === null) return null;
  const places = scale === 'wan' ? 6 : 2;
  let fraction = m[2] ?? '';
  if (fraction.length > places) {
    if (/[1-9]/.test(fraction.slice(places))) return null;
    fraction = fraction.slice(0, places);
  }
  const fen = BigInt((m[1] ?? '').replace(/,/g, '') + fraction.padEnd(places, '0'));
  return negative ? -fen : fen;
}

function decode(bytes: Uint8Array): string | null {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  else if (body[0] === 0x84 && body[1] === 0x31 && body[2] === 0x95 && body[3] === 0x33) {
    body = body.subarray(4);
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(body);
    } catch {
      return null;
    }
  }
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      // try the next one
    }
  }
  return null;
}

const blank = (record: string[]) => record.every((cell) => cell.trim() === '');
const isTotalsLabel = (text: string) => /合计|小计|总计/.test(text);

/**
 * The plausible readings of a file's line breaks: every CR, LF and CRLF ends a record (as
 * editors and Python's csv module read them), or only the kind of break the file starts with
 * (a bare CR inside an LF file is then an ordinary character). A validator may pick either;
 * it must agree with one of them.
 */
export function readReferences(bytes: Uint8Array): ReferenceReading[] {
  const text = decode(bytes);
  if (text === null) return [{ readable: false, why: 'not UTF-8 or GB18030 text' }];
  if (text.includes('\u0000')) return [{ readable: false, why: 'NUL byte' }];
  const first = /\r\n|\n|\r/.exec(text)?.[0];
  const delimiters: string[][] = [['\r\n', '\n', '\r'], first === '\r' ? ['\r'] : ['\r\n', '\n']];
  return delimiters.map((recordDelimiter) => readRecords(text, recordDelimiter));
}

/** The universal-newline reading alone. */
export function readReference(bytes: Uint8Array): ReferenceReading {
  return readReferences(bytes)[0] ?? { readable: false, why: 'nothing to read' };
}

function readRecords(text: string, recordDelimiter: string[]): ReferenceReading {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, bom: false, record_delimiter: recordDelimiter });
  } catch (error) {
    return { readable: false, why: `csv-parse: ${(error as Error).message.slice(0, 80)}` };
  }

  // The header: the first record naming at least three contract columns; lines above it
  // are a title or a unit note (金额单位：万元).
  const headerIndex = records.findIndex(
    (record) => record.filter((c) => KNOWN.has(headerKey(c).key)).length >= 3,
  );
  if (headerIndex === -1) return { readable: false, why: 'no header' };
  const header = records[headerIndex] ?? [];
  let defaultScale: Scale = 'yuan';
  for (const note of records.slice(0, headerIndex)) {
    const joined = note.join(' ');
    if (/单位\s*[:：]?\s*万元/.test(joined)) defaultScale = 'wan';
    else if (/单位\s*[:：]?\s*元/.test(joined)) defaultScale = 'yuan';
  }
  const column = new Map<Field, { index: number; scale: Scale }>();
  header.forEach((cell, index) => {
    const { key, scale } = headerKey(cell);
    const field = FIELD_OF.get(key);
    if (field !== undefined && !column.has(field)) column.set(field, { index, scale: scale ?? defaultScale });
  });
  const at = (record: string[], field: Field): string | undefined => {
    const c = column.get(field);
    return c === undefined ? undefined : record[c.index];
  };
  for (const field of Object.keys(ALIASES) as Field[]) {
    if (field !== 'spentThisMonth' && !column.has(field))
      return { readable: false, why: `no ${field} column` };
  }

  const totals: ReferenceAmounts = { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
  const groups = new Map<string, ReferenceAmounts>();
  let period: { year: number; month: number } | null = null;
  let rows = 0;
  const grandTotals: { stated: Partial<ReferenceAmounts>; above: ReferenceAmounts | null }[] = [];
  for (const record of records.slice(headerIndex + 1)) {
    if (blank(record)) continue;
    if (record.length !== header.length) return { readable: false, why: 'ragged row' };
    const unitCode = code(at(record, 'unitCode') ?? '');
    const projectCode = code(at(record, 'projectCode') ?? '');
    // Totals rows: no codes (or a label where a code would be) and 合计/小计/总计 in a text cell.
    const codeless = (code: string) => code === '' || isTotalsLabel(code);
    const amountIndexes = new Set(
      (['budget', 'spentThisMonth', 'spentToDate'] as const).map((f) => column.get(f)?.index),
    );
    if (
      codeless(unitCode) &&
      codeless(projectCode) &&
      record.some((cell, i) => !amountIndexes.has(i) && isTotalsLabel(cell))
    ) {
      // A grand total (合计/总计, no fund type named) covers every detail row above it, or the
      // whole file when it stands above them all. 小计 has several readings: not checked here.
      const labels = record.filter((_, i) => !amountIndexes.has(i)).join(' ');
      if (!labels.includes('小计') && !FUND_TYPES.some((fund) => labels.includes(fund))) {
        const stated: Partial<ReferenceAmounts> = {};
        for (const field of ['budget', 'spentThisMonth', 'spentToDate'] as const) {
          const c = column.get(field);
          const raw = c === undefined ? '' : (record[c.index] ?? '');
          if (c === undefined || raw.trim() === '') continue;
          const value = referenceAmount(raw, c.scale);
          if (value === null) return { readable: false, why: 'totals row amount' };
          stated[field] = value;
        }
        grandTotals.push({ stated, above: rows === 0 ? null : { ...totals } });
      }
      continue;
    }
    rows++;
    const yearText = (at(record, 'year') ?? '').trim();
    const monthText = (at(record, 'month') ?? '').trim();
    const year = /^(\d{4})年?$/.exec(yearText);
    const month = /^(?:\d{4}(?:[-/.年]|(?=\d{2}$)))?(\d{1,2})月?$/.exec(monthText);
    if (year === null || month === null) return { readable: false, why: 'period' };
    const rowPeriod = { year: Number(year[1]), month: Number(month[1]) };
    if (rowPeriod.year < 2000 || rowPeriod.year > 2100 || rowPeriod.month < 1 || rowPeriod.month > 12) {
      return { readable: false, why: 'period out of range' };
    }
    if (period === null) period = rowPeriod;
    else if (period.year !== rowPeriod.year || period.month !== rowPeriod.month) {
      return { readable: false, why: 'mixed periods' };
    }
    const fundType = (at(record, 'fundType') ?? '').trim();
    if (!FUND_TYPES.includes(fundType)) return { readable: false, why: 'fund type' };
    for (const field of ['unitName', 'projectName'] as const) {
      if ((at(record, field) ?? '').trim() === '') return { readable: false, why: `empty ${field}` };
    }
    if (unitCode === '' || projectCode === '') return { readable: false, why: 'empty code' };
    const amount = (field: 'budget' | 'spentThisMonth' | 'spentToDate'): bigint | null => {
      const c = column.get(field);
      if (c === undefined) return 0n;
      const raw = record[c.index] ?? '';
      if (field === 'spentThisMonth' && raw.trim() === '') return 0n;
      return referenceAmount(raw, c.scale);
    };
    const budget = amount('budget');
    const spentThisMonth = amount('spentThisMonth');
    const spentToDate = amount('spentToDate');
    if (budget === null || spentThisMonth === null || spentToDate === null) {
      return { readable: false, why: 'amount' };
    }
    totals.budget += budget;
    totals.spentThisMonth += spentThisMonth;
    totals.spentToDate += spentToDate;
    const key = `${unitCode}|${projectCode}|${fundType}`;
    const group = groups.get(key) ?? { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
    group.budget += budget;
    group.spentThisMonth += spentThisMonth;
    group.spentToDate += spentToDate;
    groups.set(key, group);
  }
  if (period === null || rows === 0) return { readable: false, why: 'no detail rows' };
  for (const { stated, above } of grandTotals) {
    const expected = above ?? totals;
    for (const field of ['budget', 'spentThisMonth', 'spentToDate'] as const) {
      const value = stated[field];
      if (value !== undefined && value !== expected[field])
        return { readable: false, why: 'grand total mismatch' };
    }
  }
  return { readable: true, period, rows, totals, groups };
}
