/**
 * The free-text rows of the 自评表 that only people can fill (docs/contract.md §4.2): 年度总体目标
 * (预期目标 / 实际完成情况), 评价结论, 存在问题, 改进措施 and the signatures. An indicator file
 * carries them as rows whose 一级指标 cell names the row; the forms print them, blank when the
 * file does not say.
 */

export const FORM_TEXT_FIELDS = [
  'goalExpected',
  'goalActual',
  'conclusion',
  'problems',
  'measures',
  'projectLead',
  'financeLead',
  'preparer',
  'preparedOn',
] as const;
export type FormTextField = (typeof FORM_TEXT_FIELDS)[number];

/** Every field null (blank on the form) unless the file says. */
export type FormTexts = Record<FormTextField, string | null>;

export const emptyFormTexts = (): FormTexts => ({
  goalExpected: null,
  goalActual: null,
  conclusion: null,
  problems: null,
  measures: null,
  projectLead: null,
  financeLead: null,
  preparer: null,
  preparedOn: null,
});

/**
 * The rows an indicator file may hold besides indicators, by the text of their 一级指标 cell.
 * The row's 年度指标值 cell holds the text; for 年度总体目标 it holds 预期目标 and 实际完成值
 * holds 实际完成情况.
 */
export const FORM_ROWS: readonly {
  label: string;
  aliases: readonly string[];
  fields: readonly [FormTextField] | readonly [FormTextField, FormTextField];
}[] = [
  {
    label: '年度总体目标',
    aliases: ['年度总体目标', '总体目标', '年度目标'],
    fields: ['goalExpected', 'goalActual'],
  },
  { label: '评价结论', aliases: ['评价结论', '自评结论'], fields: ['conclusion'] },
  { label: '存在问题', aliases: ['存在问题', '存在的问题', '发现的问题'], fields: ['problems'] },
  { label: '改进措施', aliases: ['改进措施', '整改措施', '下一步改进措施'], fields: ['measures'] },
  { label: '项目负责人', aliases: ['项目负责人'], fields: ['projectLead'] },
  { label: '财务负责人', aliases: ['财务负责人'], fields: ['financeLead'] },
  { label: '填报人', aliases: ['填报人', '填表人'], fields: ['preparer'] },
  { label: '填报日期', aliases: ['填报日期', '填表日期'], fields: ['preparedOn'] },
];

/** The form row a (normalized) 一级指标 cell names, if any. */
export function formRowOf(level1: string): (typeof FORM_ROWS)[number] | undefined {
  return FORM_ROWS.find((row) => row.aliases.includes(level1));
}
