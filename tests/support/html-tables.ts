/**
 * Reads the tables of a generated HTML page back: a small HTML tokenizer (tags with quoted or
 * bare attributes, comments, raw-text elements skipped) that builds each table's rows as they
 * stand in the markup — header rows, body rows, footer rows — with each row's cells widened by
 * `colspan`. Enough to check the shape of what the site's pages draw, without a browser.
 */

export interface ParsedTable {
  caption: string;
  /** Rows in document order, each with its section and its width in columns. */
  rows: { section: 'thead' | 'tbody' | 'tfoot'; cells: string[]; width: number }[];
}

interface Tag {
  name: string;
  closing: boolean;
  attributes: Record<string, string>;
}

const TAG =
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const RAW_TEXT = new Set(['script', 'style']);

function* tokens(page: string): Generator<Tag | { text: string }> {
  let at = 0;
  let rawUntil: string | null = null;
  for (const match of page.matchAll(TAG)) {
    const [whole, slash = '', rawName = '', rawAttributes = ''] = match;
    const name = rawName.toLowerCase();
    if (rawUntil !== null) {
      if (slash === '/' && name === rawUntil) rawUntil = null;
      at = (match.index ?? 0) + whole.length;
      continue;
    }
    if ((match.index ?? 0) > at) yield { text: page.slice(at, match.index) };
    at = (match.index ?? 0) + whole.length;
    if (whole.startsWith('<!--')) continue;
    const attributes: Record<string, string> = {};
    for (const a of rawAttributes.matchAll(ATTRIBUTE)) {
      attributes[(a[1] ?? '').toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    }
    if (slash === '' && RAW_TEXT.has(name)) rawUntil = name;
    yield { name, closing: slash === '/', attributes };
  }
  if (at < page.length) yield { text: page.slice(at) };
}

/** Every table of the page (nested tables are read as their own). */
export function parseTables(page: string): ParsedTable[] {
  const done: ParsedTable[] = [];
  const open: {
    table: ParsedTable;
    section: ParsedTable['rows'][number]['section'];
    row: ParsedTable['rows'][number] | null;
    cell: string | null;
    inCaption: boolean;
  }[] = [];
  for (const token of tokens(page)) {
    const current = open.at(-1);
    if ('text' in token) {
      if (current?.inCaption === true) current.table.caption += token.text;
      if (current !== undefined && current.cell !== null) current.cell += token.text;
      continue;
    }
    if (token.name === 'table' && !token.closing) {
      open.push({
        table: { caption: '', rows: [] },
        section: 'tbody',
        row: null,
        cell: null,
        inCaption: false,
      });
      continue;
    }
    if (current === undefined) continue;
    const closeCell = () => {
      if (current.row !== null && current.cell !== null) current.row.cells.push(current.cell.trim());
      current.cell = null;
    };
    const closeRow = () => {
      closeCell();
      if (current.row !== null) current.table.rows.push(current.row);
      current.row = null;
    };
    switch (token.name) {
      case 'table':
        closeRow();
        done.push(current.table);
        open.pop();
        break;
      case 'caption':
        current.inCaption = !token.closing;
        break;
      case 'thead':
      case 'tbody':
      case 'tfoot':
        closeRow();
        current.section = token.closing ? 'tbody' : token.name;
        break;
      case 'tr':
        closeRow();
        if (!token.closing) current.row = { section: current.section, cells: [], width: 0 };
        break;
      case 'th':
      case 'td':
        closeCell();
        if (!token.closing) {
          if (current.row === null) current.row = { section: current.section, cells: [], width: 0 };
          current.cell = '';
          current.row.width += Number.parseInt(token.attributes.colspan ?? '1', 10) || 1;
        }
        break;
      default:
        break;
    }
  }
  return done;
}
