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
const ID_CANDIDATE = /(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/g;

/** A valid 18-digit resident ID number: a plausible birth date and the right check character. */
export function isResidentIdNumber(text: string): boolean {
  if (!/^[1-9][0-9]{16}[0-9Xx]$/.test(text)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (text.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK[sum % 11] !== text[17]?.toUpperCase()) return false;
  const year = Number(text.slice(6, 10));
  const month = Number(text.slice(10, 12));
  const day = Number(text.slice(12, 14));
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Whether a cell holds a resident ID number anywhere in it (a cell is short; most are skipped by length). */
export function containsResidentId(cell: string): boolean {
  if (cell.length < 18) return false;
  for (const match of cell.normalize('NFKC').matchAll(ID_CANDIDATE)) {
    if (isResidentIdNumber(match[0])) return true;
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
