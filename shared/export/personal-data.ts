/**
 * Columns that identify people. Budget execution is about units and projects; a payroll or
 * beneficiary list pasted into an export must never be stored or published (docs/contract.md §2), so
 * the whole file is refused. Matched on `normalizeHeader` keys.
 */

/** Header keys containing any of these are personal data: 联系人姓名, 收款人账号, 身份证号码, ... */
const CONTAINS = [
  '身份证',
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
  'recipient',
  'recipientname',
  'beneficiary',
  'beneficiaryname',
  'ssn',
  'dob',
  '收款人',
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
