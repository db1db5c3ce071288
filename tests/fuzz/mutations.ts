/**
 * Byte-level mutations of exports, as fast-check arbitraries: what hand edits, broken
 * transfers, wrong "Save as" choices and hostile uploaders do to a CSV. Positions are
 * fractions of the current length, so any mutation applies to any file.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';

export type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'swap'; a: number; b: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'digit'; at: number; digit: number }
  | { op: 'quote'; at: number }
  | { op: 'truncate'; at: number }
  | { op: 'huge'; at: number; length: number; char: string }
  | { op: 'lineEnding'; to: '\n' | '\r\n' | '\r' }
  | { op: 'encoding'; to: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'gb18030-bom' }
  | { op: 'line'; at: number; other: number; action: 'duplicate' | 'delete' | 'swap' };

const utf8 = (text: string) => [...Buffer.from(text, 'utf8')];

/** Bytes people and programs put where they do not belong. */
const INSERTS: number[][] = [
  ...[',', '"', '\n', '\r', '\r\n', '""', ' ', '\t', ';', '-', '.', '(', ')', '+', '0', '9', 'E+07'].map(
    utf8,
  ),
  ...['合计', '小计', '总计', '万元', '（元）', '\uFEFF', '\u3000', '１', '，', '"a,b"', '1,000', '=1+1'].map(
    utf8,
  ),
  [0xff],
  [0xc3],
  [0x80],
  [0xbc, 0xc6], // 计 in GB18030
  [0xe4, 0xb8], // a UTF-8 character cut short
  [0x84, 0x31, 0x95, 0x33], // GB18030 BOM
  [0x00],
];

/** Uniform over the file (fast-check's default bias would favour its first bytes). */
const position = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      at: position,
      length: fc.integer({ min: 1, max: 8 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('duplicate' as const),
      at: position,
      length: fc.integer({ min: 1, max: 64 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swap' as const), a: position, b: position }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: position,
      bytes: fc.constantFrom(...INSERTS),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('digit' as const),
      at: position,
      digit: fc.integer({ min: 0, max: 9 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('quote' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x', '9', '名', ',', '"', '\n').chain((char) =>
      fc.record({
        op: fc.constant('huge' as const),
        at: position,
        // Lines of one cell cost csv-parse ~30 µs each (it builds an error object for every
        // record whose length differs, even when told to relax): keep floods of them short.
        length: fc.integer({ min: 100, max: char === '\n' ? 3_000 : 40_000 }),
        char: fc.constant(char),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('lineEnding' as const),
      to: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('encoding' as const),
      to: fc.constantFrom('utf-8' as const, 'utf-8-bom' as const, 'gb18030' as const, 'gb18030-bom' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('line' as const),
      at: position,
      other: position,
      action: fc.constantFrom('duplicate' as const, 'delete' as const, 'swap' as const),
    }),
  },
);

const index = (fraction: number, length: number) => Math.min(length, Math.floor(fraction * (length + 1)));

function decodeText(bytes: Buffer): string | null {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    try {
      const gbBody =
        body[0] === 0x84 && body[1] === 0x31 && body[2] === 0x95 && body[3] === 0x33
          ? body.subarray(4)
          : body;
      return new TextDecoder('gb18030', { fatal: true }).decode(gbBody);
    } catch {
      return null;
    }
  }
}

/** Splits into lines keeping their terminators. */
function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      out.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

export function applyMutation(input: Buffer, mutation: Mutation): Buffer {
  const n = input.length;
  switch (mutation.op) {
    case 'delete': {
      const at = index(mutation.at, n);
      return Buffer.concat([input.subarray(0, at), input.subarray(at + mutation.length)]);
    }
    case 'duplicate': {
      const at = index(mutation.at, n);
      const piece = input.subarray(at, at + mutation.length);
      return Buffer.concat([input.subarray(0, at), piece, input.subarray(at)]);
    }
    case 'swap': {
      if (n === 0) return input;
      const out = Buffer.from(input);
      const a = Math.min(n - 1, index(mutation.a, n));
      const b = Math.min(n - 1, index(mutation.b, n));
      const byte = out[a] ?? 0;
      out[a] = out[b] ?? 0;
      out[b] = byte;
      return out;
    }
    case 'insert': {
      const at = index(mutation.at, n);
      return Buffer.concat([input.subarray(0, at), Buffer.from(mutation.bytes), input.subarray(at)]);
    }
    case 'digit': {
      // The mutation that keeps a file valid while changing its money: the validator must
      // then report different totals, and exactly the reference's.
      const from = index(mutation.at, n);
      for (let k = 0; k < n; k++) {
        const i = (from + k) % n;
        const byte = input[i] ?? 0;
        if (byte >= 0x30 && byte <= 0x39) {
          const out = Buffer.from(input);
          out[i] = 0x30 + mutation.digit;
          return out;
        }
      }
      return input;
    }
    case 'quote': {
      const at = index(mutation.at, n);
      const quote = input.indexOf(0x22, at);
      if (quote !== -1 && quote - at < 32)
        return Buffer.concat([input.subarray(0, quote), input.subarray(quote + 1)]);
      return Buffer.concat([input.subarray(0, at), Buffer.from('"'), input.subarray(at)]);
    }
    case 'truncate':
      return input.subarray(0, index(mutation.at, n));
    case 'huge': {
      const at = index(mutation.at, n);
      return Buffer.concat([
        input.subarray(0, at),
        Buffer.from(mutation.char.repeat(mutation.length)),
        input.subarray(at),
      ]);
    }
    case 'lineEnding': {
      const text = decodeText(input);
      if (text === null) return input;
      const gb = !isUtf8Text(input);
      const replaced = text.replace(/\r\n|\r|\n/g, mutation.to);
      return gb ? iconv.encode(replaced, 'gb18030') : Buffer.from(replaced, 'utf8');
    }
    case 'encoding': {
      const text = decodeText(input);
      if (text === null) return input;
      switch (mutation.to) {
        case 'utf-8':
          return Buffer.from(text, 'utf8');
        case 'utf-8-bom':
          return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
        case 'gb18030':
          return iconv.encode(text, 'gb18030');
        case 'gb18030-bom':
          return Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), iconv.encode(text, 'gb18030')]);
      }
      return input;
    }
    case 'line': {
      const all = lines(input);
      if (all.length === 0) return input;
      const a = Math.min(all.length - 1, index(mutation.at, all.length));
      const b = Math.min(all.length - 1, index(mutation.other, all.length));
      const lineA = all[a] ?? Buffer.alloc(0);
      const lineB = all[b] ?? Buffer.alloc(0);
      if (mutation.action === 'duplicate') all.splice(b, 0, lineA);
      else if (mutation.action === 'delete') all.splice(a, 1);
      else {
        all[a] = lineB;
        all[b] = lineA;
      }
      return Buffer.concat(all);
    }
  }
}

function isUtf8Text(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function applyMutations(input: Buffer, mutations: Mutation[]): Buffer {
  return mutations.reduce(applyMutation, input);
}
