/**
 * Workbooks assembled part by part, for what exceljs never writes: parts renamed, moved or
 * swapped, a workbook part outside `xl/`, absolute relationship targets, prefixed elements,
 * the part layout of other producers (WPS), cells without references. Every part is plain
 * OOXML; the package is zipped by tests/support/zip-bytes.ts.
 */
import { posix } from 'node:path';
import { zipLayout } from './zip-bytes';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface RawSheet {
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** The part name (`xl/worksheets/sheet1.xml`). */
  part: string;
  /** The whole worksheet XML (see `sheetXml`). */
  xml: string;
  /** `chartsheet` for a sheet that is not a worksheet. */
  kind?: 'worksheet' | 'chartsheet';
}

export interface RawWorkbook {
  /** Default `xl/workbook.xml`. */
  workbookPart?: string;
  sheets: RawSheet[];
  sharedStrings?: { part: string; strings: readonly string[] };
  styles?: { part: string; xml: string };
  /** Relationship targets written absolute (`/xl/…`) instead of relative to the workbook. */
  absoluteTargets?: boolean;
  /** `<workbookPr date1904="1"/>`. */
  date1904?: boolean;
  /** Relationship ids, in the order of sheets, shared strings, styles (default rId1…). */
  ids?: readonly string[];
  /** More parts, as they are (docProps, themes). */
  extra?: { name: string; data: string }[];
}

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function relsPartOf(part: string): string {
  return `${posix.dirname(part) === '.' ? '' : `${posix.dirname(part)}/`}_rels/${posix.basename(part)}.rels`;
}

export function rawWorkbookBytes(book: RawWorkbook): Buffer {
  const workbookPart = book.workbookPart ?? 'xl/workbook.xml';
  const dir = posix.dirname(workbookPart);
  const target = (part: string) =>
    book.absoluteTargets ? `/${part}` : posix.relative(dir === '.' ? '' : dir, part);
  const ids = book.ids ?? [];
  let next = 0;
  const idOf = () => {
    const id = ids[next] ?? `rId${next + 1}`;
    next++;
    return id;
  };
  const rels: string[] = [];
  const sheets = book.sheets.map((sheet) => {
    const id = idOf();
    const type = sheet.kind === 'chartsheet' ? 'chartsheet' : 'worksheet';
    rels.push(`<Relationship Id="${id}" Type="${REL}/${type}" Target="${escapeXml(target(sheet.part))}"/>`);
    return `<sheet name="${escapeXml(sheet.name)}" sheetId="${rels.length}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="${id}"/>`;
  });
  const parts: { name: string; data: Buffer }[] = [];
  if (book.sharedStrings !== undefined) {
    const id = idOf();
    rels.push(
      `<Relationship Id="${id}" Type="${REL}/sharedStrings" Target="${escapeXml(target(book.sharedStrings.part))}"/>`,
    );
    const items = book.sharedStrings.strings
      .map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`)
      .join('');
    parts.push({
      name: book.sharedStrings.part,
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${book.sharedStrings.strings.length}" uniqueCount="${book.sharedStrings.strings.length}">${items}</sst>`,
      ),
    });
  }
  if (book.styles !== undefined) {
    const id = idOf();
    rels.push(
      `<Relationship Id="${id}" Type="${REL}/styles" Target="${escapeXml(target(book.styles.part))}"/>`,
    );
    parts.push({ name: book.styles.part, data: Buffer.from(book.styles.xml) });
  }
  const contentTypes = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>',
    `<Override PartName="/${workbookPart}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`,
    ...book.sheets.map(
      (sheet) =>
        `<Override PartName="/${sheet.part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    ),
    '</Types>',
  ].join('');
  return zipLayout({
    entries: [
      { name: '[Content_Types].xml', data: Buffer.from(contentTypes) },
      {
        name: '_rels/.rels',
        data: Buffer.from(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${workbookPart}"/></Relationships>`,
        ),
      },
      {
        name: workbookPart,
        data: Buffer.from(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}">${book.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets.join('')}</sheets></workbook>`,
        ),
      },
      {
        name: relsPartOf(workbookPart),
        data: Buffer.from(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_REL}">${rels.join('')}</Relationships>`,
        ),
      },
      ...book.sheets.map((sheet) => ({ name: sheet.part, data: Buffer.from(sheet.xml) })),
      ...parts,
      ...(book.extra ?? []).map((part) => ({ name: part.name, data: Buffer.from(part.data) })),
    ],
  });
}

/** A worksheet from rows of cell XML (`<c …>…</c>`), as written, or plain values. */
export function sheetXml(rows: readonly (readonly (string | number | null)[])[], prefix = ''): string {
  const p = prefix === '' ? '' : `${prefix}:`;
  const body = rows
    .map((row, r) => {
      const cells = row
        .map((cell, c) => {
          if (cell === null) return '';
          if (typeof cell === 'string' && cell.startsWith('<')) return cell;
          const ref = `${columnName(c)}${r + 1}`;
          if (typeof cell === 'number') return `<${p}c r="${ref}"><${p}v>${cell}</${p}v></${p}c>`;
          return `<${p}c r="${ref}" t="inlineStr"><${p}is><${p}t>${escapeXml(cell)}</${p}t></${p}is></${p}c>`;
        })
        .join('');
      return `<${p}row r="${r + 1}">${cells}</${p}row>`;
    })
    .join('');
  const ns = prefix === '' ? `xmlns="${MAIN}"` : `xmlns:${prefix}="${MAIN}"`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns} xmlns:r="${REL}"><${p}sheetData>${body}</${p}sheetData></${p}worksheet>`;
}

export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** styles.xml with the given number formats as cellXfs 0, 1, 2… (`numFmtId`, custom code when ≥ 164). */
export function stylesXml(formats: readonly { id: number; code?: string }[]): string {
  const custom = formats.filter((f) => f.code !== undefined);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}"><numFmts count="${custom.length}">${custom
    .map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeXml(f.code ?? '')}"/>`)
    .join('')}</numFmts><cellXfs count="${formats.length}">${formats
    .map((f) => `<xf numFmtId="${f.id}" fontId="0" fillId="0" borderId="0"/>`)
    .join('')}</cellXfs></styleSheet>`;
}
