/**
 * The sheet scanner's pause (shared/xlsx/sheet-scanner.ts `pauseAtRowFrom`, `pause`), its
 * mid-sheet start (`midSheet`, `firstByteAt`, `unnumberedStart`), `opensRowTag`, and the fast
 * paths for `<v>`, `</v>` and `</c>`: what the two-thread workbook reading (workbook-ranges.ts)
 * builds its proof on. Worksheets are written cell by cell (tests/support/worksheet-xml.ts), with
 * every cell's expected text known beforehand, in four forms (no prefix or `x:`, tags with or
 * without inner spaces) so the fast paths and the general tag reader are held to the same rows;
 * they are pushed in every chunk size up to 64 and at random cut points.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATE, NUMBER, PERCENT } from '../../../../shared/xlsx/cell-styles';
import {
  opensRowTag,
  type ScannedRow,
  type ScanPause,
  SheetScanner,
  type SheetScannerOptions,
} from '../../../../shared/xlsx/sheet-scanner';
import { WorkbookRefusedError } from '../../../../shared/xlsx/zip-guard';
import { worksheetXml, type XmlCell, type XmlForm, type XmlRow } from '../../../support/worksheet-xml';

const SEED = 20_261_206;
const STRINGS = ['共享一', 'shared two', '合计', 'a&b <row r="9">'];
/** Style 0 a number, 1 a date, 2 a percentage (cell-styles.ts kinds). */
const STYLES = Uint8Array.from([NUMBER, DATE, PERCENT]);
const DATES: Record<number, string> = { 44561: '2021-12-31', 44562: '2022-01-01', 44563: '2022-01-02' };
const FORMS: XmlForm[] = [
  { prefix: '', spaced: false },
  { prefix: 'x', spaced: false },
  { prefix: '', spaced: true },
  { prefix: 'x', spaced: true },
];
/** Text that looks like a row to a byte search, in places a scan never reads as one. */
const FAKE_ROW = '<row r="9"><c r="A9"><v>9</v></c></row>';

function scannerOf(onRow: (row: ScannedRow) => void, extra: Partial<SheetScannerOptions> = {}): SheetScanner {
  return new SheetScanner({
    strings: { count: STRINGS.length, get: (i) => STRINGS[i] as string },
    styles: STYLES,
    date1904: false,
    maxPendingBytes: 1 << 20,
    onRow,
    ...extra,
  });
}

/** `bytes` cut at `cuts` (sorted offsets inside it). */
function pieces(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut <= at) continue;
    out.push(bytes.subarray(at, cut));
    at = cut;
  }
  return out;
}

const bySize = (bytes: Buffer, size: number): number[] =>
  Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, i) => (i + 1) * size);

interface Scan {
  rows: ScannedRow[];
  pause: ScanPause | null;
  /** Bytes pushed (from the first pushed) when the scan paused or ended. */
  pushed: number;
  scanner: SheetScanner;
}

/** Pushes `bytes` in pieces until the scan pauses, or to the end. */
function scan(
  bytes: Buffer,
  cuts: readonly number[],
  extra: Partial<SheetScannerOptions> = {},
  pauseFrom?: number,
): Scan {
  const rows: ScannedRow[] = [];
  const scanner = scannerOf((row) => rows.push(row), extra);
  if (pauseFrom !== undefined) scanner.pauseAtRowFrom(pauseFrom);
  let pushed = 0;
  for (const piece of pieces(bytes, cuts)) {
    scanner.push(piece);
    pushed += piece.length;
    if (scanner.pause !== null) return { rows, pause: scanner.pause, pushed, scanner };
  }
  scanner.end();
  return { rows, pause: null, pushed, scanner };
}

// ---- generated worksheets with their expected rows ------------------------------------------

const cellArb = fc.record({
  kind: fc.constantFrom(
    'number',
    'negative',
    'shared',
    'inline',
    'entities',
    'cdata',
    'rich',
    'str',
    'formula',
    'bool',
    'date',
    'percent',
    'empty',
  ),
  n: fc.nat({ max: 99_999 }),
  gap: fc.nat({ max: 2 }),
  ref: fc.boolean(),
});
const rowArb = fc.record({
  cells: fc.array(cellArb, { minLength: 0, maxLength: 6 }),
  gap: fc.nat({ max: 3 }),
  numbered: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  before: fc.constantFrom('', '', '', '\n  ', `<!-- ${FAKE_ROW} -->`, `<?pi ${FAKE_ROW}?>`),
  inside: fc.constantFrom('', '', '', '<!-- </c></row> -->', ' '),
  selfClosing: fc.integer({ min: 0, max: 12 }).map((n) => n === 0),
});
const sheetArb = fc.array(rowArb, { minLength: 1, maxLength: 25 });
type RowSpec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
type CellSpec = typeof cellArb extends fc.Arbitrary<infer T> ? T : never;

/** A cell's XML and the text a scan must read from it ('' for a formula without value; null: none). */
function cellOf(spec: CellSpec): { cell: XmlCell; text: string | null } {
  const { n } = spec;
  switch (spec.kind) {
    case 'number':
      return { cell: { kind: 'number', text: `${n}.5` }, text: `${n}.5` };
    case 'negative':
      return { cell: { kind: 'number', text: `-${n + 1}` }, text: `-${n + 1}` };
    case 'shared':
      return {
        cell: { kind: 'shared', index: n % STRINGS.length },
        text: STRINGS[n % STRINGS.length] as string,
      };
    case 'inline':
      return { cell: { kind: 'inline', xml: `文本${n}` }, text: `文本${n}` };
    case 'entities':
      return {
        cell: { kind: 'inline', xml: `a&amp;b &lt;row r="9"&gt; &#x4E00;&#20108;&quot;${n}` },
        text: `a&b <row r="9"> 一二"${n}`,
      };
    case 'cdata':
      return {
        cell: { kind: 'inline', xml: `<![CDATA[${FAKE_ROW} &amp; ${n}]]>` },
        text: `${FAKE_ROW} &amp; ${n}`,
      };
    case 'rich':
      return { cell: { kind: 'rich', runs: ['漢', `字${n}`], phonetic: 'かんじ' }, text: `漢字${n}` };
    case 'str':
      return {
        cell: { kind: 'str', formula: 'A1&amp;"&lt;row&gt;"', value: `<![CDATA[s${n}]]>&lt;` },
        text: `s${n}<`,
      };
    case 'formula':
      return { cell: { kind: 'formula', formula: `SUM(A1:A${n + 1})` }, text: '' };
    case 'bool':
      return { cell: { kind: 'bool', value: (n % 2) as 0 | 1 }, text: n % 2 === 1 ? 'TRUE' : 'FALSE' };
    case 'date': {
      const serial = 44561 + (n % 3);
      return { cell: { kind: 'number', text: String(serial), style: 1 }, text: DATES[serial] as string };
    }
    case 'percent':
      return { cell: { kind: 'number', text: `0.${(n % 9) + 1}`, style: 2 }, text: `0.${(n % 9) + 1}` };
    case 'empty':
      return { cell: { kind: 'empty' }, text: null };
  }
}

interface Sheet {
  rows: XmlRow[];
  /** What a scan reads, one entry per row of `rows` (null: a row without values is not reported). */
  expected: (ScannedRow | null)[];
}

function sheetOf(specs: readonly RowSpec[], noise = true): Sheet {
  const rows: XmlRow[] = [];
  const expected: (ScannedRow | null)[] = [];
  let number = 0;
  let line = 0;
  for (const spec of specs) {
    number += 1 + spec.gap;
    // A row without `r` is the one after the last: what a scan numbers it.
    line = spec.numbered ? number : line + 1;
    number = line;
    const cells: XmlRow['cells'] = [];
    const values: string[] = [];
    let percent: Set<number> | null = null;
    let formulas: number[] | null = null;
    let column = -1;
    for (const cellSpec of spec.cells) {
      column += 1 + (cellSpec.ref ? cellSpec.gap : 0);
      const { cell, text } = cellOf(cellSpec);
      cells.push({ column, ref: cellSpec.ref, cell });
      if (text === null) continue;
      while (values.length < column) values.push('');
      values[column] = text;
      if (cellSpec.kind === 'percent') {
        percent = percent ?? new Set();
        percent.add(column);
      }
      if (cellSpec.kind === 'formula') {
        formulas = formulas ?? [];
        formulas.push(column);
      }
    }
    const selfClosing = spec.selfClosing;
    rows.push({
      number,
      numbered: spec.numbered,
      cells,
      selfClosing,
      ...(noise && spec.before !== '' ? { before: spec.before } : {}),
      ...(noise && spec.inside !== '' ? { inside: spec.inside } : {}),
    });
    expected.push(
      selfClosing || values.length === 0
        ? null
        : { line, cells: values, percent, formulasWithoutValue: formulas },
    );
  }
  return { rows, expected };
}

const reported = (rows: readonly (ScannedRow | null)[]): ScannedRow[] =>
  rows.filter((row): row is ScannedRow => row !== null);

/** Cut points inside `length` bytes, from fractions in [0, 1). */
const cutsOf = (length: number, fractions: readonly number[]): number[] =>
  [...new Set(fractions.map((f) => Math.floor(f * length)))].filter((c) => c > 0).sort((a, b) => a - b);

const fractionsArb = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
  minLength: 0,
  maxLength: 12,
});

describe('the sheet scanner', () => {
  it('reads the same rows through the fast paths and the general tag reader (prefixes, spaces, comments, CDATA, entities)', () => {
    fc.assert(
      fc.property(sheetArb, fractionsArb, (specs, fractions) => {
        const sheet = sheetOf(specs);
        const expected = reported(sheet.expected);
        for (const form of FORMS) {
          const { xml } = worksheetXml(sheet.rows, form);
          expect(scan(xml, []).rows, JSON.stringify(form)).toEqual(expected);
          expect(scan(xml, cutsOf(xml.length, fractions)).rows, JSON.stringify(form)).toEqual(expected);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('reads the fast-path tags cut at every byte', () => {
    const sheet = sheetOf(fc.sample(sheetArb, { seed: SEED, numRuns: 3 }).flat().slice(0, 12));
    const expected = reported(sheet.expected);
    for (const form of FORMS) {
      const { xml } = worksheetXml(sheet.rows, form);
      for (let size = 1; size <= 64; size++)
        expect(scan(xml, bySize(xml, size)).rows, `${JSON.stringify(form)} in ${size}-byte chunks`).toEqual(
          expected,
        );
    }
  });

  it('pauses at the first row tag at or after the offset, in whatever chunks, with the bytes not scanned', () => {
    // Long enough (> 4 KiB) for a pause inside the joint of a cut tag and the next chunk.
    const sheet = sheetOf(
      fc
        .sample(sheetArb, { seed: SEED + 1, numRuns: 20 })
        .flat()
        .slice(0, 120),
    );
    for (const form of FORMS) {
      const { xml, rowAt } = worksheetXml(sheet.rows, form);
      expect(xml.length).toBeGreaterThan(8192);
      const whole = scan(xml, []).rows;
      // Just before, at and just after every third row tag, before the first and past the last.
      const froms = [
        0,
        (rowAt[0] as number) - 3,
        ...rowAt.filter((_, i) => i % 3 === 0).flatMap((at) => [at - 1, at, at + 1]),
        xml.length,
      ];
      froms.forEach((from, k) => {
        const at = rowAt.find((offset) => offset >= from) ?? null;
        const sizes = [
          7,
          64,
          1000,
          4095,
          4096,
          4097,
          5000,
          8191,
          xml.length,
          ...(k % 8 === 0 ? [1, 2, 3] : []),
        ];
        for (const size of sizes) {
          const paused = scan(xml, bySize(xml, size), {}, from);
          const where = `${JSON.stringify(form)} from ${from} in ${size}-byte chunks`;
          if (at === null) {
            expect(paused.pause, where).toBeNull();
            expect(paused.rows, where).toEqual(whole);
            continue;
          }
          expect(paused.pause?.at, where).toBe(at);
          expect(paused.pause?.clean, where).toBe(true);
          // `rest`: the pushed bytes from the row's tag on, exactly.
          expect(paused.pause?.rest.equals(xml.subarray(at, paused.pushed)), where).toBe(true);
          const before = reported(sheet.expected.slice(0, rowAt.indexOf(at)));
          expect(paused.rows, where).toEqual(before);
          // Once paused, nothing more is scanned.
          paused.scanner.push(xml.subarray(paused.pushed));
          expect(paused.rows, where).toEqual(before);
        }
      });
    }
  });

  it('started mid-sheet at a pause, reads exactly the rows after it; paused again there, the rest reads on', () => {
    fc.assert(
      fc.property(
        sheetArb,
        fc.constantFrom(...FORMS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fractionsArb,
        fractionsArb,
        (specs, form, first, second, cutsA, cutsB) => {
          const sheet = sheetOf(specs);
          const { xml, rowAt } = worksheetXml(sheet.rows, form);
          const whole = reported(sheet.expected);
          const from = Math.floor(first * xml.length);
          const a = scan(xml, cutsOf(xml.length, cutsA), {}, from);
          const index = rowAt.findIndex((offset) => offset >= from);
          if (index === -1) {
            expect(a.pause).toBeNull();
            expect(a.rows).toEqual(whole);
            return;
          }
          const at = rowAt[index] as number;
          expect(a.pause).toMatchObject({ at, clean: true });
          expect(a.rows).toEqual(reported(sheet.expected.slice(0, index)));

          // The other thread's scan: from the row's tag, fed what the first one did not scan and
          // then the rest, paused once more at a later offset (the tail read by the first thread).
          const rest = Buffer.concat([(a.pause as ScanPause).rest, xml.subarray(a.pushed)]);
          const tailFrom = at + Math.floor(second * (xml.length - at));
          const b = scan(rest, cutsOf(rest.length, cutsB), { midSheet: true, firstByteAt: at }, tailFrom);
          const tailIndex = rowAt.findIndex((offset) => offset >= tailFrom);
          const numbered = sheet.rows[index]?.numbered === true;
          // (A scan paused at its very first row tag has not read that row yet.)
          expect(b.scanner.unnumberedStart).toBe(!numbered && tailIndex !== index);
          const lines = (rows: ScannedRow[]) => (numbered ? rows : rows.map((row) => ({ ...row, line: 0 })));
          if (tailIndex === -1) {
            expect(b.pause).toBeNull();
            expect(lines(b.rows)).toEqual(lines(reported(sheet.expected.slice(index))));
            return;
          }
          const tailAt = rowAt[tailIndex] as number;
          expect(b.pause).toMatchObject({ at: tailAt, clean: true });
          expect(lines(b.rows)).toEqual(lines(reported(sheet.expected.slice(index, tailIndex))));
          const c = scan(Buffer.concat([(b.pause as ScanPause).rest, rest.subarray(b.pushed)]), [], {
            midSheet: true,
          });
          expect(c.scanner.unnumberedStart).toBe(sheet.rows[tailIndex]?.numbered !== true);
          const tailNumbered = sheet.rows[tailIndex]?.numbered === true;
          const all = (rows: ScannedRow[]) =>
            numbered && tailNumbered ? rows : rows.map((row) => ({ ...row, line: 0 }));
          expect(all([...a.rows, ...b.rows, ...c.rows])).toEqual(all(whole));
        },
      ),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it('pauses at a row tag inside an unclosed row, cell or value, or before <sheetData>, as not clean', () => {
    const head = '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>';
    const cases: [string, string][] = [
      ['inside a row', `${head}<row r="2"><c r="A2"><v>2</v></c>`],
      ['inside a cell', `${head}<row r="2"><c r="A2">`],
      ['inside a value', `${head}<row r="2"><c r="A2"><v>2`],
      ['inside inline text', `${head}<row r="2"><c r="A2" t="inlineStr"><is><t>x`],
      ['inside a phonetic run', `${head}<row r="2"><c r="A2" t="inlineStr"><is><t>x</t><rPh>`],
    ];
    for (const [where, prefix] of cases) {
      const xml = Buffer.from(`${prefix}<row r="3"><c r="A3"><v>3</v></c></row></sheetData></worksheet>`);
      for (const size of [1, 3, 7, xml.length]) {
        const paused = scan(xml, bySize(xml, size), {}, prefix.length);
        expect(paused.pause, where).toMatchObject({ at: prefix.length, clean: false });
      }
    }
    const before = Buffer.from(
      '<worksheet><sheetViews><row r="0"/></sheetViews><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
    );
    expect(scan(before, [], {}, 0).pause).toMatchObject({ at: 23, clean: false });
    // Between rows it is clean, also right after the sheet's last row closed.
    const between = Buffer.from(`${head}<row r="3"/></sheetData></worksheet>`);
    expect(scan(between, [], {}, head.length).pause).toMatchObject({ at: head.length, clean: true });
  });

  it('tells a mid-sheet start without a row number (unnumberedStart)', () => {
    const rowsOf = (xml: string, extra: Partial<SheetScannerOptions>) => {
      const s = scan(Buffer.from(xml), [], extra);
      return { rows: s.rows.map((row) => [row.line, ...row.cells]), unnumbered: s.scanner.unnumberedStart };
    };
    const tail =
      '<row><c><v>2</v></c></row><row r="7"><c><v>7</v></c></row><row><c><v>8</v></c></row></sheetData>';
    expect(rowsOf(`<row r="4"><c><v>4</v></c></row>${tail}`, { midSheet: true })).toEqual({
      rows: [
        [4, '4'],
        [5, '2'],
        [7, '7'],
        [8, '8'],
      ],
      unnumbered: false,
    });
    expect(rowsOf(tail, { midSheet: true, firstByteAt: 1000 })).toMatchObject({ unnumbered: true });
    // Prefixed, and an empty first row counts as the first row.
    expect(
      rowsOf(`<x:row/><x:row r="3"><x:c><x:v>3</x:v></x:c></x:row></x:sheetData>`, { midSheet: true }),
    ).toMatchObject({ unnumbered: true });
    // Not a mid-sheet scan: rows without numbers are simply counted.
    expect(rowsOf(`<worksheet><sheetData>${tail}</worksheet>`, {})).toEqual({
      rows: [
        [1, '2'],
        [7, '7'],
        [8, '8'],
      ],
      unnumbered: false,
    });
  });

  it('offsets a mid-sheet scan by firstByteAt, in pauses and across pending bytes', () => {
    const xml = Buffer.from(
      '<row r="5"><c><v>5</v></c></row><x:row r="6"><c><v>6</v></c></x:row></sheetData>',
    );
    const second = xml.indexOf('<x:row');
    for (let size = 1; size <= xml.length; size++) {
      const paused = scan(xml, bySize(xml, size), { midSheet: true, firstByteAt: 10_000 }, 10_001);
      expect(paused.pause, `${size}`).toMatchObject({ at: 10_000 + second, clean: true });
      expect(paused.rows.map((row) => row.line)).toEqual([5]);
    }
  });

  it('refuses a DOCTYPE and still reads a comment cut anywhere before a pause', () => {
    const xml = Buffer.from(
      `<worksheet><sheetData><!-- ${FAKE_ROW} --><row r="2"><c><v>2</v></c></row></sheetData></worksheet>`,
    );
    const at = xml.indexOf('<row r="2"');
    for (let size = 1; size < 20; size++) expect(scan(xml, bySize(xml, size), {}, 0).pause?.at).toBe(at);
    expect(() => scan(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>'), [])).toThrow(
      WorkbookRefusedError,
    );
  });
});

describe('opensRowTag', () => {
  const at = (text: string, lt = 0) => opensRowTag(Buffer.from(text), lt);

  it('is true for a row tag with any prefix, closed or followed by attributes', () => {
    for (const text of [
      '<row r="1">',
      '<row>',
      '<row/>',
      '<x:row r="1">',
      '<ss:row\tr="2">',
      '<row\n',
      '<a.b-c:row>',
    ])
      expect(at(text), text).toBe(true);
    expect(at('  <x:row r="1">', 2)).toBe(true);
  });

  it('is false for other elements, closing tags, comments, CDATA and PIs', () => {
    for (const text of [
      '<rows>',
      '<rowBreaks count="1">',
      '<ro>',
      '<r>',
      '</row>',
      '</x:row>',
      '<!-- <row> -->',
      '<![CDATA[<row>]]>',
      '<?row?>',
      '<c r="A1">',
      '<x:rowx>',
      '<row:c>',
    ])
      expect(at(text), text).toBe(false);
    // A name too long to be a row's (prefix and all) is another element, however it ends.
    expect(at(`<${'p'.repeat(70)}:row>`)).toBe(false);
    expect(at(`<${'p'.repeat(80)}`)).toBe(false);
  });

  it("asks for more bytes when the buffer ends before the name does ('more')", () => {
    for (const text of ['<', '<r', '<ro', '<row', '<x:', '<x:ro', '<rowBr'])
      expect(at(text), text).toBe('more');
    // Once the name ends, the answer is known.
    expect(at('<rowB ')).toBe(false);
    expect(at('<row ')).toBe(true);
  });

  it('finds in a sheet exactly the row tags a scan pauses at, when nothing but rows holds "<row"', () => {
    const sheet = sheetOf(fc.sample(sheetArb, { seed: SEED + 3, numRuns: 4 }).flat(), false);
    for (const form of FORMS) {
      const { xml, rowAt } = worksheetXml(
        sheet.rows.map((row) => ({ ...row, cells: row.cells.filter(({ cell }) => cell.kind !== 'inline') })),
        form,
        '<rowBreaks count="1"><brk id="5"/></rowBreaks>',
      );
      const found: number[] = [];
      for (let lt = xml.indexOf(0x3c); lt !== -1; lt = xml.indexOf(0x3c, lt + 1))
        if (opensRowTag(xml, lt) === true) found.push(lt);
      expect(found).toEqual(rowAt);
    }
  });
});
