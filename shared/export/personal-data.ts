/**
 * Columns that identify people. Budget execution is about units and projects; a payroll or
 * beneficiary list pasted into an export must never be stored or published (docs/contract.md §2), so
 * the whole file is refused. Matched on `normalizeHeader` keys.
 */

/** Header keys containing any of these are personal data: 联系人姓名, 收款人账号, 身份证号码, ... */
const CONTAINS = [
  '身份证',
  '身份号码',
  '户名',
  '收款人',
  '收款账户',
  '银行账户',
  '证件号',
  '证件类型',
  '姓名',
  '账号',
  '帐号',
  '卡号',
  '手机',
  '电话',
  '联系人',
  '住址',
  '出生日期',
  'idnumber',
  'idcard',
  'idno',
  'nationalid',
  'passport',
  'bankaccount',
  'accountnumber',
  'accountno',
  'cardnumber',
  'iban',
  'phone',
  'mobile',
  'email',
  'homeaddress',
  'birthdate',
  'dateofbirth',
];

/**
 * Exact keys only: `name` alone is a person's name, while `unit_name`/`project_name` are
 * the contract's own columns and must not be caught by a substring rule.
 */
const EXACT = new Set([
  'name',
  'fullname',
  'firstname',
  'lastname',
  'surname',
  'givenname',
  'familyname',
  'personname',
  'payee',
  'payeename',
  'account',
  'accountname',
  'recipient',
  'recipientname',
  'beneficiary',
  'beneficiaryname',
  'ssn',
  'dob',
  '领款人',
  '户主',
]);

export function isPersonalDataHeader(key: string): boolean {
  if (EXACT.has(key)) return true;
  for (const part of CONTAINS) {
    if (key.includes(part)) return true;
  }
  return false;
}

/** GB 11643: weights of the first 17 digits, and the check character for each remainder. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * The first two digits of a resident ID number: the province-level division (GB/T 2260), so a
 * long number that is not an ID (an account, a document number) rarely passes for one.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/** A valid 18-digit resident ID number: its province, a real birth date and the right check character. */
export function isResidentIdNumber(text: string): boolean {
  if (!/^[1-9][0-9]{16}[0-9Xx]$/.test(text)) return false;
  if (!PROVINCES.has(Number(text.slice(0, 2)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (text.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK[sum % 11] !== text[17]?.toUpperCase()) return false;
  const year = Number(text.slice(6, 10));
  return year >= 1900 && year <= 2100 && isDate(year, Number(text.slice(10, 12)), Number(text.slice(12, 14)));
}

/**
 * A valid 15-digit resident ID number (the form issued before 1999): province, then a birth
 * date as YYMMDD in the 1900s that exists, then three digits; there is no check digit.
 */
export function isShortResidentIdNumber(text: string): boolean {
  if (!/^[1-9][0-9]{14}$/.test(text)) return false;
  if (!PROVINCES.has(Number(text.slice(0, 2)))) return false;
  return isDate(1900 + Number(text.slice(6, 8)), Number(text.slice(8, 10)), Number(text.slice(10, 12)));
}

/**
 * Runs of digits as people write an ID number: digit groups joined by single spaces or dashes
 * (full-width ones become these under NFKC)
 * (`440281 19900101 1230`, `4402-8119-9001-0112-30`), the last character possibly X. Not part
 * of a decimal amount (no `.` or digit on either side); anything else may follow or precede
 * (`身份证440281199001011230a`).
 */
const DIGIT_RUN = /(?<![0-9.])[0-9](?:[ \-–—]?[0-9])*(?:[ \-–—]?[Xx])?(?![0-9]|\.[0-9])/g;

function isIdNumber(digits: string): boolean {
  return digits.length === 18
    ? isResidentIdNumber(digits)
    : digits.length === 15 && isShortResidentIdNumber(digits);
}

/**
 * Whether a cell holds a resident ID number anywhere in it (docs/contract.md §2.4), in either
 * form, in full-width digits too (NFKC), written whole, in groups, or followed by other text.
 * Every stretch of consecutive groups is tried, so an ID followed by a space and other digits
 * is still found. Cells are short; most are skipped by length.
 */
export function containsResidentId(cell: string): boolean {
  if (cell.length < 15) return false;
  for (const match of cell.normalize('NFKC').matchAll(DIGIT_RUN)) {
    const run = match[0];
    const groups = run.split(/[ \-–—]/);
    // Every stretch of consecutive groups: the ID may be followed or preceded by other numbers.
    // The 15-digit form, which has no check digit, only written as one group.
    for (let from = 0; from < groups.length; from++) {
      let digits = '';
      for (let to = from; to < groups.length && digits.length < 18; to++) {
        digits += groups[to];
        if (digits.length === 18 ? isResidentIdNumber(digits) : to === from && isIdNumber(digits))
          return true;
      }
    }
  }
  return false;
}

/**
 * Masks what looks like an ID, bank-card or phone number (a run of 11 or more digits, an ID's
 * final X included) to its first and last four: `4402********1234`. Status records and the
 * uploads page are read by the city's staff; such numbers must not travel there.
 */
export function maskPersonalNumbers(text: string): string {
  if (!/[0-9]{11}/.test(text)) return text;
  return text.replace(
    // Not the integer part of an amount (`12345678901.50`): money is not personal.
    /(?<![0-9.])[0-9]{11,}[Xx]?(?![0-9.])/g,
    (run) => `${run.slice(0, 4)}${'*'.repeat(run.length - 8)}${run.slice(-4)}`,
  );
}
