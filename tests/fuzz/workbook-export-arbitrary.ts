/**
 * Generated export workbooks of hundreds of rows, for the two-thread workbook reading
 * (shared/xlsx/workbook-ranges.ts): the contract's columns, or the budget-system layout (title
 * with the period, 单位：万元, a two-row merged header, code and name in one cell, a 合计 footer,
 * tests/support/budget-system-layout.ts); text as shared or inline strings (some in CDATA),
 * amounts as numbers, an execution rate as a percentage, a date column, formulas without cached
 * values; errors and warnings spread over the sheet (a bad month, a bad amount, a negative
 * budget, another month, personal data), a unit or project named otherwise in a few rows, 合计
 * rows at the end, in the middle or at the top; rows without `r`; comments holding
 * `<row r="9">` text between rows; a hidden sheet or a cover sheet before the data sheet; white
 * space between rows (a sheet inflated in several 1 MiB chunks). Written part by part
 * (tests/support/raw-workbook.ts, worksheet-xml.ts), so each row tag's offset in the sheet's XML
 * is known and a cut can be put next to it.
 */
import fc from 'fast-check';
import { budgetSystemRows } from '../support/budget-system-layout';
import { escapeXml, rawWorkbookBytes, stylesXml } from '../support/raw-workbook';
import { worksheetXml, type XmlCell, type XmlRow } from '../support/worksheet-xml';

/** A city's own header text for the budget column, as `--columns mapping.json` gives it. */
export const CITY_MAPPING = { budget: ['指标数'] };
export const CONTRACT_HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出';
/** Text a byte search takes for a row tag, where a scan never reads one. */
const FAKE_ROW = '<row r="9"><c r="A9"><v>9</v></c></row>';
const UNITS = ['101001', '101002', '101003', '102001'];
const PROJECTS = ['440281A01', '440281A02', '440281B01', '440281B02', '440281C01'];
/** Style 0: number, 1: date, 2: percentage. */
const STYLES = stylesXml([{ id: 0 }, { id: 14 }, { id: 10 }]);

// Without bias: fast-check favours small integers, which would make the rare rows common.
const lineArb = fc.noBias(
  fc.record({
    unit: fc.nat({ max: UNITS.length - 1 }),
    project: fc.nat({ max: PROJECTS.length - 1 }),
    fund: fc.constantFrom('一般公共预算', '政府性基金预算'),
    functionCode: fc.constantFrom('', '2080201', '2081901'),
    type: fc.constantFrom('基本支出', '项目支出'),
    budget: fc.integer({ min: 0, max: 9_999_999 }),
    spent: fc.integer({ min: 0, max: 999_999 }),
    /** A problem in this row (an error, a warning, another name), at the book's rate. */
    fault: fc.integer({ min: 0, max: 999 }),
    /** How the row's text cells are written: bit 0 shared/inline, bit 1 CDATA. */
    form: fc.nat({ max: 3 }),
    numbered: fc.integer({ min: 0, max: 11 }).map((n) => n !== 0),
    /** Rare: a comment holding row-like text before the row; a 合计 row before it (if the book has one). */
    comment: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
    totalsBefore: fc.integer({ min: 0, max: 199 }).map((n) => n === 0),
  }),
);
type Line = typeof lineArb extends fc.Arbitrary<infer T> ? T : never;

const FAULTS = [
  'badMonth',
  'badAmount',
  'formula',
  'negative',
  'unitName',
  'projectName',
  'level',
  'precise',
  'otherMonth',
  'personal',
];
/** A well-formed resident ID number (personal data: the file is refused). */
const ID_NUMBER = '11010519491231002X';
/** Faults per thousand rows: none in most books (valid ones), a few, or many. */
let faultRate = 0;
const faultOf = (line: Line): string | null =>
  line.fault < faultRate ? (FAULTS[line.fault % FAULTS.length] ?? null) : null;

export const exportBookArb = fc.record({
  lines: fc.array(lineArb, { minLength: 100, maxLength: 400 }),
  layout: fc.constantFrom('contract', 'contract', 'budgetSystem'),
  title: fc.boolean(),
  extraColumns: fc.boolean(),
  totals: fc.constantFrom('none', 'none', 'end', 'end', 'top', 'wrongEnd'),
  /** Faults per thousand rows. */
  faults: fc.constantFrom<number>(0, 0, 0, 2, 10, 60),
  /** 合计 rows between the details too. */
  middleTotals: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  /** Before the data sheet: nothing, a hidden sheet holding the header, or a visible cover sheet. */
  firstSheet: fc.constantFrom('none', 'hidden', 'cover'),
  prefix: fc.constantFrom('', '', 'x'),
  /** White space before each row: a sheet of several 1 MiB inflated chunks (INFLATE_CHUNK_BYTES), deflated small. */
  padding: fc.constantFrom(0, 0, 8000),
  /** Mostly no period, or the rows' own; now and then another (a conflict: no usable header). */
  fileName: fc.constantFrom(
    'export.xlsx',
    'export.xlsx',
    'export.xlsx',
    'export.xlsx',
    'export.xlsx',
    'export.xlsx',
    '2021年12月执行.xlsx',
    '2021年11月执行.xlsx',
  ),
  /** The error cap: the default, or a few (errors of both halves dropped past it). */
  maxErrors: fc.constantFrom(100, 100, 3),
  /** The budget column headed by a city's own text (read with `CITY_MAPPING`, `--columns`). */
  cityHeader: fc.boolean(),
});
export type ExportBook = typeof exportBookArb extends fc.Arbitrary<infer T> ? T : never;

/** A sheet cell before it is written: text, a number (its decimal text), or a formula. */
type Cell = { text: string } | { number: string; style?: number } | { formula: string };

const yuan = (fen: number): string => (fen / 100).toFixed(2);

function contractLine(line: Line): string[] {
  const fault = faultOf(line);
  const budget = fault === 'negative' ? -line.budget - 1 : line.budget;
  return [
    '2021',
    fault === 'badMonth' ? '13' : fault === 'otherMonth' ? '11' : '12',
    UNITS[line.unit] as string,
    `单位${line.unit}${fault === 'unitName' ? '（新）' : ''}`,
    PROJECTS[line.project] as string,
    `项目${line.project}${fault === 'projectName' ? '（调整）' : ''}`,
    // One level per project (a project at two levels is a conflict, one of the faults).
    (line.project % 2 === 0) === (fault === 'level') ? '二级' : '一级',
    line.fund,
    fault === 'personal' ? ID_NUMBER : line.functionCode,
    line.type,
    fault === 'precise' ? `${yuan(budget)}1` : yuan(budget),
    yuan(line.spent),
    yuan(line.spent * 3),
  ];
}

function totalsLine(lines: readonly Line[], wrong: boolean): string[] {
  let budget = 0;
  let spent = 0;
  for (const line of lines) {
    const fault = faultOf(line);
    if (fault === 'badMonth' || fault === 'badAmount' || fault === 'formula' || fault === 'otherMonth')
      continue;
    budget += fault === 'negative' ? -line.budget - 1 : line.budget;
    spent += line.spent;
  }
  const blank = Array.from({ length: 6 }, () => '');
  return ['2021', '12', '', '合计', ...blank, yuan(budget + (wrong ? 1 : 0)), yuan(spent), yuan(spent * 3)];
}

const NUMBER_CELL = /^-?\d+(\.\d+)?$/;

/** The sheet's rows as cells, and which rows are data rows (index into `book.lines`, or -1). */
function sheetCells(book: ExportBook): { rows: Cell[][]; line: number[] } {
  const rows: Cell[][] = [];
  const lineOf: number[] = [];
  const push = (cells: Cell[], line = -1) => {
    rows.push(cells);
    lineOf.push(line);
  };
  const faultCells = (cells: Cell[], line: Line, amountAt: number) => {
    const fault = faultOf(line);
    if (fault === 'badAmount') cells[amountAt] = { text: '十二元' };
    if (fault === 'formula') cells[amountAt] = { formula: `SUM(K1:K${line.budget % 50})` };
  };
  if (book.layout === 'budgetSystem') {
    const csv = [CONTRACT_HEADER, ...book.lines.map((line) => contractLine(line).join(','))].join('\n');
    const layout = budgetSystemRows(csv, { title: '乐昌市民政局2021年12月预算执行情况表' });
    const footer = layout[layout.length - 1] as string[];
    layout.forEach((row, r) => {
      const data = r >= 4 && r < layout.length - 1;
      const line = data ? (book.lines[r - 4] as Line) : null;
      if (book.middleTotals && line?.totalsBefore === true) push(footer.map((text) => ({ text })));
      if (r === layout.length - 1 && book.totals === 'none') return;
      const cells: Cell[] = row.map((text, c) => {
        if ((data || r === layout.length - 1) && c === 11 && text !== '') return { number: text, style: 2 };
        if ((data || r === layout.length - 1) && c >= 7 && NUMBER_CELL.test(text)) return { number: text };
        return { text };
      });
      if (line !== null) faultCells(cells, line, 8);
      push(cells, data ? r - 4 : -1);
    });
    return { rows, line: lineOf };
  }
  const extra = book.extraColumns;
  if (book.title) push([{ text: '乐昌市民政局2021年12月预算执行情况表' }]);
  push(
    [
      ...CONTRACT_HEADER.replace('全年预算数', book.cityHeader ? '指标数' : '全年预算数').split(','),
      ...(extra ? ['备注', '执行率', '更新日期'] : []),
    ].map((text) => ({
      text,
    })),
  );
  const totals = (wrong: boolean): Cell[] =>
    totalsLine(book.lines, wrong).map((text, c) => (c >= 10 ? { number: text } : { text }));
  if (book.totals === 'top') push(totals(false));
  book.lines.forEach((line, i) => {
    if (book.middleTotals && line.totalsBefore) push(totals(false));
    const cells: Cell[] = contractLine(line).map((text, c) =>
      c >= 10 && NUMBER_CELL.test(text) ? { number: text } : c <= 1 ? { number: text } : { text },
    );
    if (extra)
      cells.push(
        { text: line.comment ? `备注${FAKE_ROW}` : `备注${i}` },
        { number: String((line.spent % 100) / 100), style: 2 },
        { number: String(44_500 + (i % 60)), style: 1 },
      );
    faultCells(cells, line, 10);
    push(cells, i);
  });
  if (book.totals === 'end' || book.totals === 'wrongEnd') push(totals(book.totals === 'wrongEnd'));
  return { rows, line: lineOf };
}

export interface BuiltBook {
  bytes: Buffer;
  /** The data sheet's XML and its rows' tag offsets. */
  sheet: { xml: Buffer; rowAt: number[] };
  /** Offsets in the data sheet's XML where a comment holding row-like text starts. */
  commentsAt: number[];
}

export function buildExportBook(book: ExportBook): BuiltBook {
  faultRate = book.faults;
  const { rows, line: lineOf } = sheetCells(book);
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = (text: string): number => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  const comment = `<!-- ${FAKE_ROW} -->`;
  const xmlRows: XmlRow[] = rows.map((cells, r) => {
    const line = book.lines[lineOf[r] ?? -1];
    const form = line?.form ?? 0;
    return {
      number: r + 1,
      numbered: line?.numbered ?? true,
      before: ' '.repeat(book.padding) + (line?.comment === true ? comment : ''),
      cells: cells.flatMap((cell, column): XmlRow['cells'] => {
        let xml: XmlCell;
        if ('formula' in cell) xml = { kind: 'formula', formula: cell.formula };
        else if ('number' in cell)
          xml = {
            kind: 'number',
            text: cell.number,
            ...(cell.style === undefined ? {} : { style: cell.style }),
          };
        else if (cell.text === '') return [];
        else if ((form & 1) === 0) xml = { kind: 'shared', index: shared(cell.text) };
        else if ((form & 2) === 0) xml = { kind: 'inline', xml: escapeXml(cell.text) };
        else xml = { kind: 'inline', xml: `<![CDATA[${cell.text}]]>` };
        return [{ column, ref: true, cell: xml }];
      }),
    };
  });
  const form = { prefix: book.prefix, spaced: false };
  const sheet = worksheetXml(xmlRows, form);
  const commentsAt = xmlRows.flatMap((row, r) =>
    row.before?.endsWith(comment) === true ? [(sheet.rowAt[r] as number) - Buffer.byteLength(comment)] : [],
  );
  const inline = (texts: readonly string[]): XmlRow['cells'] =>
    texts.map((text, column) => ({ column, ref: true, cell: { kind: 'inline', xml: text } }));
  // The hidden sheet holds the header too: only a visible sheet may be read as the data. The
  // cover sheet has no header: the data sheet is found after it.
  const first = worksheetXml(
    book.firstSheet === 'cover'
      ? [
          { number: 1, numbered: true, cells: inline(['乐昌市民政局2021年12月预算执行情况']) },
          { number: 3, numbered: true, cells: inline(['目录', '预算执行']) },
        ]
      : [{ number: 1, numbered: true, cells: inline(CONTRACT_HEADER.split(',')) }],
    form,
  );
  const bytes = rawWorkbookBytes({
    sheets: [
      ...(book.firstSheet === 'none'
        ? []
        : [
            {
              name: book.firstSheet === 'cover' ? '封面' : '源数据',
              state: book.firstSheet === 'cover' ? ('visible' as const) : ('hidden' as const),
              part: 'xl/worksheets/sheet2.xml',
              xml: first.xml.toString(),
            },
          ]),
      { name: '预算执行', part: 'xl/worksheets/sheet1.xml', xml: sheet.xml.toString() },
    ],
    sharedStrings: { part: 'xl/sharedStrings.xml', strings },
    styles: { part: 'xl/styles.xml', xml: STYLES },
  });
  return { bytes, sheet, commentsAt };
}
