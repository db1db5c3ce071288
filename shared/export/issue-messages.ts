/**
 * Every message a user can get about a file, in one place so the tone stays the same:
 * Chinese first, then English, separated by " / ", each saying what is wrong and how to fix it.
 */

import type { Period } from '../domain-types';
import { FUND_TYPES } from '../domain-types';
import { groupedYuan } from '../format';
import { GROUP_KEY_LABEL } from '../group-key';
import { formatPeriodId } from '../period-id';
import { type AmountField, CSV_FIELD_SPECS, type CsvField, type FieldSpec } from './export-fields';
import { formatPeriod } from './period-hints';
import type { WorkbookRefusal } from './record-source';
import type { TotalsCandidate, TotalsKind, TotalsScope } from './totals-scope';
import { formatBytes } from './validate-options';

const FUND_TYPE_LIST = FUND_TYPES.join('、');

const SAVE_ZH = '请在 Excel 中打开后另存为“Excel 工作簿 (*.xlsx)”或“CSV UTF-8”再上传';
const SAVE_EN = 'open it in Excel and save it as “Excel Workbook (*.xlsx)” or “CSV UTF-8”, then upload that';

const WORKBOOK_REFUSALS: Record<WorkbookRefusal, string> = {
  notZip: `文件扩展名是 .xlsx，但内容不是 Excel 工作簿（可能是旧版 .xls、加密文件或改了扩展名的其他文件）；${SAVE_ZH} / The file is named .xlsx but is not an Excel workbook (perhaps a legacy .xls, an encrypted file, or another file renamed); ${SAVE_EN}`,
  truncated: `工作簿不完整（文件在传输中被截断）；请重新上传完整的文件 / The workbook is incomplete (the file was cut short in transfer); upload the whole file again`,
  zipBomb: `工作簿解压后的大小异常（压缩比过高），为安全起见拒收；${SAVE_ZH} / The workbook inflates to an implausible size (compression ratio too high) and was refused for safety; ${SAVE_EN}`,
  partTooLarge: `工作簿中的共享字符串、样式或其他部件超过大小上限，为安全起见拒收；请删除多余的工作表和格式，或另存为 CSV UTF-8 / A shared-strings, styles or other part of the workbook exceeds its size limit and was refused for safety; remove extra sheets and formatting, or save as CSV UTF-8`,
  encrypted: `工作簿设置了密码或已加密，无法读取；请取消密码后在 Excel 中另存为“Excel 工作簿 (*.xlsx)”或“CSV UTF-8”再上传 / The workbook is password-protected or encrypted; remove the password, then ${SAVE_EN}`,
  noWorksheet: `工作簿中没有可见的工作表；请把数据放在第一个可见工作表中 / The workbook has no visible worksheet; put the data on the first visible sheet`,
  malformed: `工作簿已损坏，无法读取；${SAVE_ZH} / The workbook is damaged and cannot be read; ${SAVE_EN}`,
};

/** How each reading of a totals row is described, in Chinese and English. */
function totalsReading(scope: TotalsScope, code: string): [string, string] {
  if (scope === 'all') return ['上方全部明细行合计', 'all detail rows above sum to'];
  if (scope === 'segment')
    return ['上一个合计/小计行之后的明细合计', 'detail rows since the previous totals row sum to'];
  const reading = (CSV_FIELD_SPECS[scope] as FieldSpec).totalsReading ?? {
    zh: '{code}的明细合计',
    en: '{code} rows sum to',
  };
  return [reading.zh.replace('{code}', code), reading.en.replace('{code}', code)];
}

function acceptedHeaders(field: CsvField): string {
  return CSV_FIELD_SPECS[field].aliases.join('、');
}

export const messages = {
  emptyFile: () => '文件是空的 / The file is empty',
  headerOnly: () =>
    '文件只有表头，没有数据行；请导出含明细数据的文件 / The file has a header but no data rows; export the file with its detail lines',
  workbook: (format: 'xlsx' | 'xls') =>
    `这是 Excel 工作簿（.${format}），不是 CSV；请在 Excel 中“另存为 CSV (逗号分隔)”后上传 / This is an Excel workbook (.${format}) renamed to .csv; in Excel use “Save As → CSV (Comma delimited)” and upload that`,
  utf16: () =>
    '文件是 UTF-16（“Unicode 文本”）编码；请另存为“CSV (逗号分隔)”或“CSV UTF-8” / The file is UTF-16 (“Unicode Text”); save it as “CSV (Comma delimited)” or “CSV UTF-8”',
  binary: () =>
    '文件含有二进制内容（NUL 字节），不是文本 CSV；可能是工作簿、压缩包或图片改了扩展名 / The file contains binary data (NUL bytes), so it is not a CSV text file; it may be a workbook, archive or image renamed to .csv',
  fileTooLarge: (limit: number) =>
    `文件超过 ${formatBytes(limit)} 的大小上限（城市设置 limits.maxFileBytes），已停止读取；请按单位或月份拆分后分别上传 / The file exceeds the ${formatBytes(limit)} size limit (city setting limits.maxFileBytes) and was not read further; split it (by unit or month) and upload the parts`,
  tooManyRows: (limit: number) =>
    `文件超过 ${limit.toLocaleString('en-US')} 行明细的上限（城市设置 limits.maxRows），已停止读取；请按单位或月份拆分后分别上传 / The file has more than ${limit.toLocaleString('en-US')} detail rows (city setting limits.maxRows) and was not read further; split it (by unit or month) and upload the parts`,
  tooManyGroups: (limit: number) =>
    `文件的分组（${GROUP_KEY_LABEL.zh.replaceAll(' × ', '、')}）超过 ${limit.toLocaleString('en-US')} 个的上限（城市设置 limits.maxGroupsPerFile），已停止读取；请按单位拆分后分别上传 / The file has more than ${limit.toLocaleString('en-US')} groups (${GROUP_KEY_LABEL.en.replaceAll(' × ', ', ')}; city setting limits.maxGroupsPerFile) and was not read further; split it by unit and upload the parts`,
  fieldTooLarge: (limit: number) =>
    `字段超过 ${formatBytes(limit)} 的大小上限（城市设置 limits.maxFieldBytes；常见原因：引号未配对，或把大段文本粘进了单元格）；请检查该单元格 / A field exceeds the ${formatBytes(limit)} limit (city setting limits.maxFieldBytes; often an unmatched quote, or a large text pasted into a cell); check that cell`,
  recordTooLarge: (limit: number) =>
    `这一行超过 ${formatBytes(limit)} 的大小上限（城市设置 limits.maxRecordBytes；常见原因：引号未配对）；请检查该行 / This record exceeds the ${formatBytes(limit)} limit (city setting limits.maxRecordBytes; often an unmatched quote); check the line`,
  unclosedQuote: () =>
    '引号没有闭合：从这一行开始的带引号字段直到文件末尾都没有结束；请补上缺少的英文双引号 " / Unclosed quote: a quoted field starting in this record never ends; add the missing double quote "',
  badQuote: () =>
    '引号位置不正确：字段中的英文双引号 " 须写成两个 ""，并且整个字段用双引号括起来 / Misplaced quote: a double quote inside a field must be doubled ("") and the whole field enclosed in quotes',
  badEncoding: (encoding: string) =>
    `含有无法识别的字符（文件按 ${encoding} 读取）；请用“CSV UTF-8”或“CSV (逗号分隔)”重新导出 / Unreadable characters (the file was read as ${encoding}); export it again as “CSV UTF-8” or “CSV (Comma delimited)”`,
  notCommaSeparated: (separator: string) => {
    const name = separator === '\t' ? '制表符 (Tab)' : `“${separator}”`;
    const nameEn = separator === '\t' ? 'tabs' : `“${separator}”`;
    return `列之间用${name}分隔，不是逗号；请在 Excel 中另存为“CSV (逗号分隔)” / Columns are separated by ${nameEn}, not commas; in Excel use “Save As → CSV (Comma delimited)”`;
  },
  personalData: (header: string) =>
    `文件含有个人信息列“${header}”，个人信息不得上传或发布，整个文件被拒收；请删除该列后重新导出 / The column “${header}” holds personal data, which must never be uploaded or published, so the whole file is refused; delete the column and export again`,
  missingColumn: (field: CsvField, fileHeaders: readonly string[] = [], closest: readonly string[] = []) => {
    const spec = CSV_FIELD_SPECS[field];
    const present =
      fileHeaders
        .filter((h) => h.trim() !== '')
        .map((h) => `“${h}”`)
        .join('、') || '（无）';
    const near = closest.map((h) => `“${h}”`).join('、');
    const nearZh =
      near === '' ? '' : `；最接近的是 ${near}，如确为该列，请改表头或在城市设置 columns / --columns 中映射`;
    const nearEn =
      near === ''
        ? ''
        : `; closest: ${near} — if that is the column, rename it or map it in the city's columns setting / --columns`;
    return `缺少必需的列“${spec.zh}”；可用的表头：${acceptedHeaders(field)}（金额列可加单位，如“（元）”“（万元）”）；文件的表头为：${present}${nearZh} / Missing required column “${spec.en}”; accepted headers: ${acceptedHeaders(field)} (amount headers may carry a unit such as “(元)” or “(万元)”); the file's headers are: ${present}${nearEn}`;
  },
  missingPeriod: (field: CsvField) => {
    const spec = CSV_FIELD_SPECS[field];
    return `无法确定期间：没有“${spec.zh}”列，标题行和文件名中也没有写明期间；请加上“年度”“月份”列，或在标题中写明（如“2021年12月”），或把文件命名为“2021-12.xlsx” / The period is not stated: no “${spec.en}” column, and neither a title line nor the file name gives it; add 年度/月份 columns, state it in the title (e.g. 2021年12月), or name the file like 2021-12.xlsx`;
  },
  periodConflict: (aZh: string, aEn: string, a: Period, bZh: string, bEn: string, b: Period) =>
    `期间不一致：${aZh}为 ${formatPeriod(a)}，${bZh}为 ${formatPeriod(b)}；请改正其中之一 / The period disagrees: the ${aEn} says ${formatPeriod(a)}, the ${bEn} says ${formatPeriod(b)}; correct one of them`,
  yearConflict: (periodYear: number, year: number) =>
    `“期间”的年份 ${periodYear} 与“年度” ${year} 不一致；请改正其中之一 / The year in 期间 (${periodYear}) differs from 年度 (${year}); correct one of them`,
  personalDataValue: () =>
    '单元格中含有居民身份证号码，个人信息不得上传或发布，整个文件被拒收；请删除后重新导出 / A cell holds a resident ID number; personal data must never be uploaded or published, so the whole file is refused; remove it and export again',
  negativeBudget: () =>
    '预算数为负数（预算调减）；已接受，请确认无误 / The budget is negative (a budget reduction); accepted, please check it is intended',
  duplicateColumn: (field: CsvField, headers: string[]) => {
    const spec = CSV_FIELD_SPECS[field];
    const list = headers.map((h) => `“${h}”`).join('、');
    return `${list} 都表示“${spec.zh}”，无法确定使用哪一列；请只保留一列 / ${list} all mean “${spec.en}”; keep only one of them`;
  },
  unknownColumn: (header: string) =>
    `未识别的列“${header}”，已忽略 / Unrecognised column “${header}” was ignored`,
  preambleIgnored: (count: number) =>
    `表头前的 ${count} 行（标题、单位说明等）已忽略 / ${count} line(s) above the header (title, unit note, ...) were ignored`,
  raggedRow: (got: number, expected: number) =>
    `本行有 ${got} 个字段，表头有 ${expected} 个；请检查是否有未加引号的逗号，或多出/缺少的单元格 / This row has ${got} fields but the header has ${expected}; look for an unquoted comma or an extra/missing cell`,
  invalidAmount: (fieldZh: string, fieldEn: string, reason: string) => {
    const [zh, en] = reason.split(' / ');
    return `${fieldZh}：${zh} / ${fieldEn}: ${en}`;
  },
  mixedPeriod: (year: number, month: number) =>
    `本行的年度/月份与文件第一行数据（${year}年${month}月）不同；一个文件只能有一个期间，请按月拆分 / This row's year/month differs from the file's first data row (${formatPeriodId({ year, month })}); one file holds one period, split it by month`,
  projectNameConflict: (code: string, first: string) =>
    `项目编码“${code}”在本文件中已对应项目名称“${first}”，同一编码只能有一个名称；请统一名称 / Project code “${code}” already has the name “${first}” in this file; one code, one name — make the names agree`,
  unitNameConflict: (code: string, first: string) =>
    `单位编码“${code}”已对应单位名称“${first}”，本行名称不同，按“${first}”汇总 / Unit code “${code}” was first named “${first}”; this row's name differs and “${first}” is used`,
  projectLevelConflict: (code: string, first: string) =>
    `项目编码“${code}”已标为“${first}”，本行级次不同，按“${first}”统计 / Project code “${code}” was first marked ${first}; this row differs and ${first} is used`,
  totalsMismatch: (
    kind: TotalsKind,
    field: Exclude<AmountField, 'budgetInitial'>,
    stated: bigint,
    candidates: TotalsCandidate[],
  ) => {
    const spec = CSV_FIELD_SPECS[field];
    const zh = [`本行${spec.zh} ${groupedYuan(stated)} 元`];
    const en = [`${spec.en} here ${groupedYuan(stated)} yuan`];
    for (const { scope, code, expected } of candidates) {
      const sum = groupedYuan(expected[field]);
      const [readingZh, readingEn] = totalsReading(scope, code ?? '');
      zh.push(`${readingZh} ${sum} 元`);
      en.push(`${readingEn} ${sum}`);
    }
    const label = kind === 'sub' ? '小计' : '合计';
    const labelEn = kind === 'sub' ? 'subtotal' : 'total';
    return `${label}行与明细数据不符：${zh.join('；')}；请核对该行或明细行 / The ${labelEn} row does not match the detail rows: ${en.join('; ')}; check this row or the detail rows`;
  },
  workbookUnreadable: (reason: WorkbookRefusal) => WORKBOOK_REFUSALS[reason],
  unsupportedFileType: (name: string) => {
    const dot = name.lastIndexOf('.');
    const ext = dot > name.lastIndexOf('/') && dot !== -1 ? name.slice(dot) : '';
    const what = ext === '' ? '没有扩展名的文件' : `“${ext}”文件`;
    const whatEn = ext === '' ? 'a file without an extension' : `a “${ext}” file`;
    return `不能读取${what}：只接受 .xlsx 工作簿或 CSV（UTF-8）；旧版 .xls、WPS .et、.ods 等${SAVE_ZH} / Cannot read ${whatEn}: only .xlsx workbooks and CSV (UTF-8) are accepted; for legacy .xls, WPS .et, .ods and others, ${SAVE_EN}`;
  },
  formulaWithoutValue: () =>
    '公式单元格没有保存计算结果（文件未在 Excel 中重新计算）；请在 Excel 中打开该文件并保存后重新上传 / This formula cell has no saved result (the file was never recalculated); open the file in Excel, save it and upload it again',
  fundTypeList: () => FUND_TYPE_LIST,
};
