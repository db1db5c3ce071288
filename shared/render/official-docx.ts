/**
 * 党政机关公文格式 (GB/T 9704-2012) as far as a generated .docx can follow it: A4 (210 × 297 mm);
 * margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in 方正小标宋简体 二号
 * (22 pt), centred; the body in 仿宋_GB2312 三号 (16 pt), first lines indented two characters;
 * 一级标题 in 黑体, 二级标题 in 楷体_GB2312, both 三号; 落款 and date right-aligned.
 *
 * The 公文 fonts are often missing outside government machines, so the document's font table
 * names a fallback for each (w:altName, which Word and LibreOffice use when the font is absent):
 * 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 黑体 → SimHei; Latin text and
 * digits are in Times New Roman.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type ISectionOptions,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/** Millimetres → twentieths of a point (twips), the unit of Word's page geometry. */
export const mmToTwips = (mm: number): number => Math.round((mm * 1440) / 25.4);

export const A4 = { width: mmToTwips(210), height: mmToTwips(297) };
export const GBT9704_MARGINS = {
  top: mmToTwips(37),
  bottom: mmToTwips(35),
  left: mmToTwips(28),
  right: mmToTwips(26),
};

export const OFFICIAL_FONTS = {
  title: { name: '方正小标宋简体', fallback: '宋体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading1: { name: '黑体', fallback: 'SimHei' },
  heading2: { name: '楷体_GB2312', fallback: '楷体' },
} as const;
const LATIN = 'Times New Roman';

/** 二号 = 22 pt, 三号 = 16 pt, 四号 = 14 pt; docx sizes are half-points. */
const SIZE = { title: 44, body: 32, table: 24 } as const;
/** Body lines at a fixed 28 pt: 22 lines on the type area, as the standard lays it out. */
const LINE = 560;
/** Two characters of 三号. */
const INDENT = 640;

type Face = keyof typeof OFFICIAL_FONTS;

const font = (face: Face) => ({ eastAsia: OFFICIAL_FONTS[face].name, ascii: LATIN, hAnsi: LATIN });

const PLACEHOLDER = /(【待填写[^】]*】)/;

/** Runs of `text`, placeholders highlighted so nobody sends them by mistake. */
export function officialRuns(text: string, face: Face = 'body', size: number = SIZE.body): TextRun[] {
  return text
    .split(PLACEHOLDER)
    .filter((part) => part !== '')
    .map((part) =>
      PLACEHOLDER.test(part)
        ? new TextRun({ text: part, font: font(face), size, highlight: 'yellow' })
        : new TextRun({ text: part, font: font(face), size }),
    );
}

export const officialTitle = (text: string): Paragraph =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: LINE },
    children: officialRuns(text, 'title', SIZE.title),
  });

export const officialParagraph = (
  text: string,
  options: { indent?: boolean; align?: 'right' | 'center' } = {},
): Paragraph =>
  new Paragraph({
    alignment:
      options.align === 'right'
        ? AlignmentType.RIGHT
        : options.align === 'center'
          ? AlignmentType.CENTER
          : AlignmentType.JUSTIFIED,
    spacing: { line: LINE, lineRule: 'exact' },
    indent: options.indent === false ? undefined : { firstLine: INDENT },
    children: officialRuns(text),
  });

/** 一级标题 「一、总体情况」 in 黑体, 二级标题 「（一）红色预警」 in 楷体. */
export const officialHeading = (text: string, level: 1 | 2): Paragraph =>
  new Paragraph({
    spacing: { line: LINE, lineRule: 'exact' },
    indent: { firstLine: INDENT },
    children: officialRuns(text, level === 1 ? 'heading1' : 'heading2'),
  });

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

/** A table in 仿宋 四号-ish (12 pt) so several columns fit the type area; the first row repeats on each page. */
export function officialTable(rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: r === 0,
          cantSplit: true,
          children: cells.map(
            (text) =>
              new TableCell({
                borders: BORDERS,
                children: [
                  new Paragraph({
                    alignment: r === 0 ? AlignmentType.CENTER : AlignmentType.LEFT,
                    children: officialRuns(text, r === 0 ? 'heading1' : 'body', SIZE.table),
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

/** word/fontTable.xml naming each 公文 font with its fallback (w:altName) and the GB2312 charset. */
export function officialFontTable(): string {
  const fonts = Object.values(OFFICIAL_FONTS)
    .map(
      ({ name, fallback }) =>
        `<w:font w:name="${name}"><w:altName w:val="${fallback}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `${fonts}<w:font w:name="${LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
    '</w:fonts>'
  );
}

/** A document on A4 with the standard's margins and body font. */
export function officialDocument(options: {
  title: string;
  creator: string;
  children: ISectionOptions['children'];
}): Document {
  return new Document({
    creator: options.creator,
    title: options.title,
    styles: { default: { document: { run: { font: font('body'), size: SIZE.body } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: GBT9704_MARGINS } },
        children: options.children,
      },
    ],
  });
}

/** The .docx bytes, with the font table that names the fallbacks. */
export async function packOfficialDocument(document: Document): Promise<Uint8Array> {
  const buffer = await Packer.toBuffer(document, false, [
    { path: 'word/fontTable.xml', data: officialFontTable() },
  ]);
  return new Uint8Array(buffer);
}
