/** Messages only indicator files get; the reading problems share the export's (`csv/issue-messages`). */
import { INDICATOR_FIELD_SPECS, type IndicatorField } from './indicator-fields';

function accepted(field: IndicatorField): string {
  return INDICATOR_FIELD_SPECS[field].aliases.join('、');
}

export const indicatorMessages = {
  missingColumn: (field: IndicatorField) => {
    const spec = INDICATOR_FIELD_SPECS[field];
    return `缺少必需的列“${spec.zh}”；可用的表头：${accepted(field)} / Missing required column “${spec.en}”; accepted headers: ${accepted(field)}`;
  },
  duplicateColumn: (field: IndicatorField, headers: string[]) => {
    const list = headers.map((h) => `“${h}”`).join('、');
    return `${list} 都表示“${INDICATOR_FIELD_SPECS[field].zh}”，无法确定使用哪一列；请只保留一列 / ${list} all mean “${INDICATOR_FIELD_SPECS[field].en}”; keep only one of them`;
  },
  noHeader: () =>
    '没有找到绩效指标表头（需要 年度、项目编码、一级指标、二级指标、三级指标、指标性质、年度指标值、实际完成值、分值 等列） / No indicator header found (the file needs columns such as 年度 year, 项目编码 project_code, 一级指标 level1, 二级指标 level2, 三级指标 indicator, 指标性质 operator, 年度指标值 target, 实际完成值 actual, 分值 weight)',
  mixedYear: (first: number) =>
    `本行的年度与文件第一行数据（${first}年）不同；一个指标文件只能属于一个年度，请按年度拆分 / This row's year differs from the file's first data row (${first}); one indicator file holds one year, split it by year`,
  projectNameConflict: (code: string, first: string) =>
    `项目编码“${code}”在本文件中已对应项目名称“${first}”；请统一名称 / Project code “${code}” already has the name “${first}” in this file; make the names agree`,
  qualitativeTarget: () =>
    '定性指标的年度指标值不能为空，请写明目标（如“有效保障”） / A 定性 indicator needs its target written out (e.g. 有效保障)',
  weightsNot100: (code: string, year: number, indicators: string, execution: string, total: string) =>
    `${year}年“${code}”的指标分值合计 ${indicators} 分，加上预算执行情况 ${execution} 分共 ${total} 分，应为 100 分；请调整各指标的分值 / The weights of the ${year} set “${code}” sum to ${indicators}; with the execution weight ${execution} that makes ${total}, but it must be 100; adjust the weights`,
  invalidJudgement: () =>
    "定性指标的实际完成值应为评定等级（达成、基本达成、部分达成、未达成，或优、良、中、差）、得分（如 8.5、8.5分 或 85%），或两者（如“良 8.5”） / A 定性 indicator's actual value must be a rating (达成, 基本达成, 部分达成, 未达成, or 优, 良, 中, 差), a score (8.5, 8.5分 or 85%), or both (良 8.5)",
  scoreAboveWeight: (score: string, weight: string) =>
    `得分 ${score} 超过该指标的分值 ${weight} 分 / The score ${score} is more than the indicator's weight ${weight}`,
  scoreOutsideBand: (rating: string, band: string, from: string, to: string) =>
    `评为“${rating}”的得分应在分值的 ${band} 之间（${from}–${to} 分）；请调整得分或评定等级 / A score rated “${rating}” must lie within ${band} of the weight (${from}–${to} points); change the score or the rating`,
  duplicateFormRow: (label: string, code: string, line: number) =>
    `“${code}”的“${label}”已于第 ${line} 行填写；每个项目只能填写一行，请合并 / “${label}” for “${code}” was already given on line ${line}; give it once per project (merge the rows)`,
  weightsNotStandard: (code: string, actual: string, standard: string) =>
    `“${code}”的一级指标分值为 ${actual}，与自评表规定的 ${standard} 不同（原则上按此设置）；如有理由请在评价结论中说明 / The level-1 weights of “${code}” are ${actual}, not the form's ${standard} (the rule “in principle”); state the reason in the conclusion if this is deliberate`,
  duplicateIndicator: (indicator: string, line: number) =>
    `指标“${indicator}”在本项目中已于第 ${line} 行出现，将分别计分 / The indicator “${indicator}” already appears on line ${line} for this project; both rows are scored`,
};
