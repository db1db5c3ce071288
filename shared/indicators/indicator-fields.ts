/**
 * The columns of an indicator file (docs/contract.md §4.2): Chinese and English headers, which are
 * required. Matched with the export's `normalizeHeader` (case, width, spaces, brackets).
 */
import { normalizeHeader } from '../export/normalize-header';

export const INDICATOR_FIELDS = [
  'year',
  'projectCode',
  'projectName',
  'level1',
  'level2',
  'indicator',
  'operator',
  'unit',
  'target',
  'actual',
  'weight',
  'reason',
] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];

export interface IndicatorFieldSpec {
  zh: string;
  en: string;
  aliases: readonly string[];
  required: boolean;
}

export const INDICATOR_FIELD_SPECS: Readonly<Record<IndicatorField, IndicatorFieldSpec>> = {
  year: { zh: '年度', en: 'year', aliases: ['年度', '预算年度', 'year'], required: true },
  projectCode: {
    zh: '项目编码',
    en: 'project code',
    aliases: ['项目编码', '项目代码', 'project_code'],
    required: true,
  },
  projectName: { zh: '项目名称', en: 'project name', aliases: ['项目名称', 'project_name'], required: false },
  level1: { zh: '一级指标', en: 'level-1 indicator', aliases: ['一级指标', 'level1'], required: true },
  level2: { zh: '二级指标', en: 'level-2 indicator', aliases: ['二级指标', 'level2'], required: true },
  indicator: {
    zh: '三级指标',
    en: 'indicator',
    aliases: ['三级指标', '指标名称', 'indicator'],
    required: true,
  },
  operator: {
    zh: '指标性质',
    en: 'operator',
    aliases: ['指标性质', '指标类型', 'operator'],
    required: true,
  },
  unit: { zh: '度量单位', en: 'unit', aliases: ['度量单位', '计量单位', 'unit'], required: false },
  target: { zh: '年度指标值', en: 'target', aliases: ['年度指标值', '目标值', 'target'], required: true },
  actual: { zh: '实际完成值', en: 'actual', aliases: ['实际完成值', 'actual'], required: true },
  weight: { zh: '分值', en: 'weight', aliases: ['分值', '权重', 'weight'], required: true },
  reason: { zh: '偏差原因', en: 'reason', aliases: ['偏差原因', '偏差原因分析', 'reason'], required: false },
};

const ALIAS_TO_FIELD: ReadonlyMap<string, IndicatorField> = (() => {
  const map = new Map<string, IndicatorField>();
  for (const field of INDICATOR_FIELDS) {
    map.set(normalizeHeader(field).key, field);
    for (const alias of INDICATOR_FIELD_SPECS[field].aliases) map.set(normalizeHeader(alias).key, field);
  }
  return map;
})();

export function indicatorFieldOfHeader(text: string): IndicatorField | undefined {
  return ALIAS_TO_FIELD.get(normalizeHeader(text).key);
}

/** Columns only an indicator file has; an export has none of them. */
const INDICATOR_ONLY: ReadonlySet<IndicatorField> = new Set([
  'level1',
  'level2',
  'indicator',
  'operator',
  'target',
  'actual',
  'weight',
]);

/** At least this many indicator-only columns make a record an indicator file's header. */
export const MIN_INDICATOR_HEADER_FIELDS = 3;

/**
 * How many indicator-only fields a record names: the header of an indicator file names
 * several (一级指标, 年度指标值, 分值...), an export's header and a title line none. This is how
 * `budget validate` tells an indicator file from an export.
 */
export function countIndicatorHeaders(record: readonly string[]): number {
  const found = new Set<IndicatorField>();
  for (const cell of record) {
    const field = indicatorFieldOfHeader(cell);
    if (field !== undefined && INDICATOR_ONLY.has(field)) found.add(field);
  }
  return found.size;
}

export function isIndicatorHeader(record: readonly string[]): boolean {
  return countIndicatorHeaders(record) >= MIN_INDICATOR_HEADER_FIELDS;
}
