/**
 * Amounts as treasury exports write them, parsed by their digits straight into integer fen.
 * No `Number()`/`parseFloat` ever sees an amount: `0.1 + 0.2` must not be able to happen.
 */
import type { Fen } from '../domain-types';

/** What one unit in a column means: 元 (the default) or 万元 (10,000 yuan). */
export type AmountScale = 'yuan' | 'wan';

export type AmountErrorReason = 'EMPTY' | 'NOT_A_NUMBER' | 'SCIENTIFIC' | 'TOO_PRECISE' | 'TOO_LARGE';

export type ParseAmountResult =
  | { ok: true; fen: Fen }
  | { ok: false; reason: AmountErrorReason /** `中文 / English`, with how to fix it. */; message: string };

/**
 * Decimal places a value may carry in each scale and still be whole fen:
 * 1 yuan = 100 fen, 1 万元 = 1,000,000 fen. Appending exactly this many fraction digits to the
 * integer digits therefore gives the amount in fen for both scales.
 */
const FRACTION_DIGITS: Record<AmountScale, number> = { yuan: 2, wan: 6 };

const CODE_0 = 48;
const CODE_9 = 57;

/** 10^17 fen = 1,000 trillion yuan: far above any budget, low enough to catch pasted garbage. */
const MAX_FEN_DIGITS = 17;

const MESSAGES: Record<AmountErrorReason, string> = {
  EMPTY: '金额为空，请填写数字（没有发生额请填 0） / The amount is empty; enter a number (0 if nothing)',
  NOT_A_NUMBER:
    '金额格式不正确，应为 1234.56、1,234.56、-12.00 或 (1,200.00) 这样的数字 / Not an amount; write it like 1234.56, 1,234.56, -12.00 or (1,200.00)',
  SCIENTIFIC:
    '金额是科学计数法（如 1.2E+07），请在 Excel 中把该列设为“数值”格式后重新导出 / The amount is in scientific notation (e.g. 1.2E+07); format the column as Number in Excel and export again',
  TOO_PRECISE:
    '金额精度超过“分”（元保留 2 位小数，万元保留 6 位小数） / More precise than a fen (0.01 yuan): at most 2 decimals in yuan, 6 in 万元',
  TOO_LARGE:
    '金额过大，请检查是否填错列或单位 / The amount is implausibly large; check the column and its unit',
};

function fail(reason: AmountErrorReason): ParseAmountResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < CODE_0 || c > CODE_9) return false;
  }
  return true;
}

const GROUPED = /^\d{1,3}(,\d{3})+$/;

/** `1,234,567`: groups of three after a leading group of one to three digits. */
function stripThousandsSeparators(intPart: string): string | null {
  return GROUPED.test(intPart) ? intPart.replace(/,/g, '') : null;
}

const SCIENTIFIC = /^\d+(\.\d+)?[eE][+-]?\d+$/;

/**
 * Parses `1234.5`, `1,234.56`, `-12.00`, `+3`, `(1,200.00)` (accounting negative), with
 * surrounding spaces, into fen at the given scale. More precision than a fen after scaling
 * is an error (`0.001` yuan, `1.0000001` 万元), but trailing zeros are fine (`1.000`).
 */
export function parseAmount(text: string, scale: AmountScale = 'yuan'): ParseAmountResult {
  return parsePlain(text, FRACTION_DIGITS[scale]) ?? parseGeneral(text, scale);
}

const ZEROS = '000000';
/** Digits that always fit a safe integer (10^15 < 2^53). */
const SAFE_DIGITS = 15;
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/**
 * The shape of nearly every amount in an export, `46233300.00`: digits and at most one point,
 * no sign, space or separator. One pass, no trimming or splitting; anything else (or anything
 * long enough to need the size check) returns null and takes the general path.
 */
function parsePlain(text: string, places: number): ParseAmountResult | null {
  const length = text.length;
  if (length === 0) return null;
  let dot = -1;
  // Up to 15 digits the value is accumulated as a safe integer (exact: every step stays below
  // 2^53), which spares the joined digit string that BigInt would otherwise parse.
  let value = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e && dot === -1 && i > 0 && i < length - 1) dot = i;
    else if (c < CODE_0 || c > CODE_9) return null;
    else value = value * 10 + (c - CODE_0);
  }
  const intLength = dot === -1 ? length : dot;
  if (intLength + places > MAX_FEN_DIGITS) return null;
  const fractionLength = dot === -1 ? 0 : length - dot - 1;
  if (fractionLength > places) return null;
  if (intLength + places <= SAFE_DIGITS) {
    return { ok: true, fen: BigInt(value * (POWERS_OF_TEN[places - fractionLength] as number)) };
  }
  if (dot === -1) return { ok: true, fen: BigInt(text + ZEROS.slice(0, places)) };
  return {
    ok: true,
    fen: BigInt(text.slice(0, dot) + text.slice(dot + 1) + ZEROS.slice(0, places - fractionLength)),
  };
}

function parseGeneral(text: string, scale: AmountScale): ParseAmountResult {
  let s = text.trim();
  if (s.length === 0) return fail('EMPTY');

  let negative = false;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  // Accounting style: negatives in parentheses, half- or full-width (Chinese Excel locales).
  if ((first === 0x28 && last === 0x29) || (first === 0xff08 && last === 0xff09)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  const sign = s.charCodeAt(0);
  if (sign === 0x2d || sign === 0x2b) {
    // `(-5)` is ambiguous, not a double negative: refuse it.
    if (negative) return fail('NOT_A_NUMBER');
    negative = sign === 0x2d;
    s = s.slice(1);
  }

  const dot = s.indexOf('.');
  let intPart = dot === -1 ? s : s.slice(0, dot);
  const fracPart = dot === -1 ? '' : s.slice(dot + 1);

  if (intPart.indexOf(',') !== -1) {
    const plain = stripThousandsSeparators(intPart);
    if (plain === null) return fail('NOT_A_NUMBER');
    intPart = plain;
  }
  if (!isDigits(intPart) || (dot !== -1 && !isDigits(fracPart))) {
    return fail(SCIENTIFIC.test(s) ? 'SCIENTIFIC' : 'NOT_A_NUMBER');
  }

  const places = FRACTION_DIGITS[scale];
  let fraction: string;
  if (fracPart.length > places) {
    for (let i = places; i < fracPart.length; i++) {
      if (fracPart.charCodeAt(i) !== CODE_0) return fail('TOO_PRECISE');
    }
    fraction = fracPart.slice(0, places);
  } else {
    fraction = fracPart.padEnd(places, '0');
  }

  let digits = intPart + fraction;
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === CODE_0) lead++;
  if (lead > 0) digits = digits.slice(lead);
  if (digits.length > MAX_FEN_DIGITS) return fail('TOO_LARGE');

  const fen = BigInt(digits);
  return { ok: true, fen: negative ? -fen : fen };
}
