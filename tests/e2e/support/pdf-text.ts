/**
 * The text of each page of a PDF as Chromium prints it (Skia's PDF backend), enough to check
 * what a printed page says, e.g. its page number in the margin: objects are split, Flate streams
 * inflated, each font's ToUnicode map read, and each page's text-showing operators (`Tj`, `TJ`)
 * decoded with the font set by `Tf`. Not a general PDF reader (no object streams, no
 * cross-reference parsing): enough for the files Chromium writes.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const body = match[2] ?? '';
    const streamAt = body.indexOf('stream');
    if (streamAt === -1) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    let start = (match.index ?? 0) + match[0].indexOf(body) + streamAt + 'stream'.length;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
    const raw = pdf.subarray(start, start + length);
    objects.set(Number(match[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
  }
  return objects;
}

/** Glyph code (hex) → text, from a ToUnicode CMap's bfchar and bfrange sections. */
function parseToUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((unit) => Number.parseInt(unit, 16)));
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, unicode] of (section[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      map.set((code ?? '').toLowerCase(), utf16(unicode ?? ''));
    }
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, first] of (section[1] ?? '').matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g,
    )) {
      const from = Number.parseInt(lo ?? '0', 16);
      const base = Number.parseInt(first ?? '0', 16);
      for (let code = from; code <= Number.parseInt(hi ?? '0', 16); code++) {
        map.set(code.toString(16).padStart((lo ?? '').length, '0'), String.fromCharCode(base + code - from));
      }
    }
  }
  return map;
}

const ref = (dict: string, key: string) => {
  const found = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return found === null ? undefined : Number(found[1]);
};

/** Each page's text, in page order, lines of one text object joined with spaces. */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objects = parseObjects(pdf);
  const dictOf = (id: number | undefined) => (id === undefined ? '' : (objects.get(id)?.dict ?? ''));
  const fontMaps = new Map<number, { map: Map<string, string>; width: number }>();
  const fontMap = (id: number) => {
    let cached = fontMaps.get(id);
    if (cached === undefined) {
      const dict = dictOf(id);
      const cmap = objects.get(ref(dict, 'ToUnicode') ?? -1)?.stream?.toString('latin1') ?? '';
      const map = parseToUnicode(cmap);
      const width = /\/Type0/.test(dict) ? 4 : 2;
      cached = { map, width };
      fontMaps.set(id, cached);
    }
    return cached;
  };
  const pages = [...objects.entries()]
    .filter(([, object]) => /\/Type\s*\/Page(?!s)/.test(object.dict))
    .sort(([a], [b]) => a - b);
  // Page order is the /Kids order of the page tree.
  const kids = [...objects.values()]
    .filter((object) => /\/Type\s*\/Pages/.test(object.dict))
    .flatMap((object) => [...(/\/Kids\s*\[([^\]]*)\]/.exec(object.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)])
    .map((found) => Number(found[1]));
  const ordered = kids.length === pages.length ? kids : pages.map(([id]) => id);
  return ordered.map((pageId) => {
    const page = dictOf(pageId);
    const resources = /\/Resources\s*(\d+) 0 R/.exec(page) ? dictOf(ref(page, 'Resources')) : page;
    const fontDict = /\/Font\s*(\d+) 0 R/.exec(resources)
      ? dictOf(ref(resources, 'Font'))
      : (/\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '');
    const fonts = new Map(
      [...fontDict.matchAll(/\/([\w.+-]+)\s+(\d+) 0 R/g)].map(([, name, id]) => [name ?? '', Number(id)]),
    );
    const contentIds = /\/Contents\s*\[([^\]]*)\]/.exec(page)
      ? [...(/\/Contents\s*\[([^\]]*)\]/.exec(page)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) =>
          Number(m[1]),
        )
      : [ref(page, 'Contents') ?? -1];
    const content = contentIds.map((id) => objects.get(id)?.stream?.toString('latin1') ?? '').join('\n');
    let font = { map: new Map<string, string>(), width: 4 };
    const out: string[] = [];
    const decode = (hex: string) =>
      (hex.toLowerCase().match(new RegExp(`.{${font.width}}`, 'g')) ?? [])
        .map((code) => font.map.get(code) ?? '')
        .join('');
    const ops = /\/([\w.+-]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ|ET/g;
    for (let op = ops.exec(content); op !== null; op = ops.exec(content)) {
      if (op[1] !== undefined) font = fontMap(fonts.get(op[1]) ?? -1);
      else if (op[2] !== undefined) out.push(decode(op[2]));
      else if (op[3] !== undefined)
        out.push([...op[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => decode(m[1] ?? '')).join(''));
      else out.push(' ');
    }
    return out.join('').replace(/\s+/g, ' ').trim();
  });
}
