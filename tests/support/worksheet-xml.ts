/**
 * Worksheet XML written cell by cell, in the forms producers use and exceljs never writes: an
 * element prefix (`<x:row>`), spaces inside tags (`<v >`, `</c >`), single quotes, rows and
 * cells without `r`, comments, processing instructions and CDATA (some holding `<row r="9">`
 * text) between and inside rows. Each real row's tag offset is returned, so a test knows where a
 * scan must pause (shared/xlsx/sheet-scanner.ts `pauseAtRowFrom`). Zipped into a workbook by
 * tests/support/raw-workbook.ts.
 */
import { columnName } from './raw-workbook';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

export type XmlCell =
  /** `<v>text</v>`, with a style index (`s`) when given. */
  | { kind: 'number'; text: string; style?: number }
  /** A shared string's index (`t="s"`). */
  | { kind: 'shared'; index: number }
  /** `<is><t>…</t></is>`: `xml` is written as it is (entities, CDATA). */
  | { kind: 'inline'; xml: string }
  /** Rich-text runs and a phonetic run (not part of the value). */
  | { kind: 'rich'; runs: string[]; phonetic: string }
  /** A formula with its cached string (`t="str"`); `value` written as it is. */
  | { kind: 'str'; formula: string; value: string }
  /** A formula without a cached value. */
  | { kind: 'formula'; formula: string }
  | { kind: 'bool'; value: 0 | 1 }
  /** `<c r="…" s="0"/>`: no value at all. */
  | { kind: 'empty' };

export interface XmlRow {
  /** The row's number, written as `r` unless `numbered` is false. */
  number: number;
  numbered: boolean;
  /** 0-based columns; a cell without `ref` must sit right after the previous one. */
  cells: { column: number; ref: boolean; cell: XmlCell }[];
  /** XML written just before the row's tag (a comment, a PI, white space). */
  before?: string;
  /** XML written between the first and second cell. */
  inside?: string;
  /** `<row r="n"/>` (its cells are ignored). */
  selfClosing?: boolean;
}

export interface XmlForm {
  /** An element prefix (`x`), or '' for the default namespace. */
  prefix: string;
  /** Spaces inside tags and single-quoted attributes (no fast path applies). */
  spaced: boolean;
}

export interface WorksheetXml {
  xml: Buffer;
  /** The byte offset of each row's `<`, in the order of `rows`. */
  rowAt: number[];
}

export function worksheetXml(rows: readonly XmlRow[], form: XmlForm, afterRows = ''): WorksheetXml {
  const p = form.prefix === '' ? '' : `${form.prefix}:`;
  const sp = form.spaced ? ' ' : '';
  const q = form.spaced ? "'" : '"';
  const attr = (name: string, value: string | number) => ` ${name}${sp}=${sp}${q}${value}${q}`;
  const open = (name: string, attrs = '') => `<${p}${name}${attrs}${sp}>`;
  const close = (name: string) => `</${p}${name}${sp}>`;
  const element = (name: string, body: string, attrs = '') => `${open(name, attrs)}${body}${close(name)}`;
  const ns = form.prefix === '' ? `xmlns="${MAIN_NS}"` : `xmlns:${form.prefix}="${MAIN_NS}"`;

  const parts: string[] = [];
  let bytes = 0;
  const write = (text: string) => {
    parts.push(text);
    bytes += Buffer.byteLength(text);
  };
  write(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}>` +
      `<${p}dimension ref="A1"/><${p}sheetViews><${p}sheetView workbookViewId="0"/></${p}sheetViews>` +
      `<${p}sheetFormatPr defaultRowHeight="15"/>${open('sheetData')}`,
  );
  const rowAt: number[] = [];
  for (const row of rows) {
    if (row.before !== undefined) write(row.before);
    rowAt.push(bytes);
    const rowAttrs = `${row.numbered ? attr('r', row.number) : ''}${attr('spans', '1:20')}`;
    if (row.selfClosing === true) {
      write(`<${p}row${rowAttrs}${sp}/>`);
      continue;
    }
    const cells = row.cells.map(({ column, ref, cell }) => {
      const r = ref ? attr('r', `${columnName(column)}${row.number}`) : '';
      switch (cell.kind) {
        case 'number':
          return element(
            'c',
            element('v', cell.text),
            `${r}${cell.style === undefined ? '' : attr('s', cell.style)}`,
          );
        case 'shared':
          return element('c', element('v', String(cell.index)), `${r}${attr('t', 's')}`);
        case 'inline':
          return element('c', element('is', element('t', cell.xml)), `${r}${attr('t', 'inlineStr')}`);
        case 'rich':
          return element(
            'c',
            element(
              'is',
              cell.runs.map((run) => element('r', element('t', run))).join('') +
                element('rPh', element('t', cell.phonetic), attr('sb', 0) + attr('eb', 1)),
            ),
            `${r}${attr('t', 'inlineStr')}`,
          );
        case 'str':
          return element(
            'c',
            element('f', cell.formula) + element('v', cell.value),
            `${r}${attr('t', 'str')}`,
          );
        case 'formula':
          return element('c', element('f', cell.formula), r);
        case 'bool':
          return element('c', element('v', String(cell.value)), `${r}${attr('t', 'b')}`);
        default: // empty
          return `<${p}c${r}${attr('s', 0)}${sp}/>`;
      }
    });
    if (row.inside !== undefined && cells.length > 1) cells.splice(1, 0, row.inside);
    write(element('row', cells.join(''), rowAttrs));
  }
  write(
    `${close('sheetData')}<${p}mergeCells count="1"><${p}mergeCell ref="A1:B1"/></${p}mergeCells>` +
      `${afterRows}</${p}worksheet>`,
  );
  return { xml: Buffer.from(parts.join('')), rowAt };
}
