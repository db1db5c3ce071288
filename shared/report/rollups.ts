/**
 * Every roll-up of a period ("by X", docs/contract.md §4), declared once, in the order
 * report.json and the period page give them: by fund type (with each one's share of the
 * total), by unit, by project across units, by expenditure type, then one per classification
 * of `shared/classification/classifications.ts` (功能分类, 经济分类). `rollup-accumulator.ts`
 * adds the lines up for each, `PeriodReportBuilder` publishes them, `shared/render/rollup-table.ts`
 * draws them. A new breakdown is one entry here (and, for a report.json property, its row type in
 * `PeriodFigures`, which the entry is checked against).
 */
import { CLASSIFICATIONS, type Classification } from '../classification/classifications';
import { EXPENDITURE_TYPES, FUND_TYPES, type FundType, type ProjectLevel } from '../domain-types';
import { compareText, inListOrder } from '../group-key';
import { EXPENDITURE_TYPE_LABELS, FUND_TYPE_LABELS, PROJECT_LEVEL_LABELS } from '../render/labels';
import { classificationRollup } from './classification-rollup';
import { ratio } from './execution-rate';
import { lagAndFlags } from './line-flags';
import { toMoneyFigures } from './money-figures';
import { projectSummaryEn, projectSummaryZh } from './project-summary';
import { type Rollup, rollup } from './rollup';
import { warningLevelOf } from './warning-levels';

const fundOrder = inListOrder(FUND_TYPES);

const FUND_TYPE_ROLLUP = rollup({
  property: 'byFundType',
  caption: { zh: '按资金性质', en: 'By fund type' },
  parts: (line) => [{ key: line.fundType, amounts: line.amounts, first: null }],
  whenAbsent: 'always',
  // A fund type's projects recur unit after unit: kept as a set (as many as the projects).
  distinct: { projects: { field: 'projectCode', by: 'set' } },
  order: fundOrder,
  row: (entry, { total }) => ({
    fundType: entry.key as FundType,
    ...toMoneyFigures(entry.amounts),
    shareOfBudget: ratio(entry.amounts.budget, total.budget),
    shareOfSpent: ratio(entry.amounts.spentToDate, total.spentToDate),
    projectCount: entry.distinct.projects?.count ?? 0,
  }),
  table: {
    columns: [
      {
        kind: 'term',
        label: { zh: '资金性质', en: 'Fund type' },
        value: (row) => FUND_TYPE_LABELS[row.fundType],
      },
      { kind: 'count', label: { zh: '项目数', en: 'Projects' }, value: (row) => row.projectCount },
      'initial',
      'budget',
      {
        kind: 'share',
        label: { zh: '占预算总额', en: 'Share of budget' },
        value: (row) => row.shareOfBudget,
        of: 'budget',
      },
      'spent',
      {
        kind: 'share',
        label: { zh: '占执行总额', en: 'Share of spending' },
        value: (row) => row.shareOfSpent,
        of: 'spentToDate',
      },
      'rate',
    ],
    footer: true,
  },
});

const UNIT_ROLLUP = rollup({
  property: 'byUnit',
  caption: { zh: '按单位', en: 'By unit' },
  parts: (line) => [{ key: line.unitCode, amounts: line.amounts, first: line.unitName }],
  whenAbsent: 'always',
  // A unit's lines come together, project by project: a new project code is a new project.
  distinct: { projects: { field: 'projectCode', by: 'runs' } },
  order: compareText,
  row: (entry, { rules }) => ({
    unitCode: entry.key,
    unitName: entry.first,
    ...toMoneyFigures(entry.amounts),
    projectCount: entry.distinct.projects?.count ?? 0,
    level: warningLevelOf(entry.amounts, rules),
  }),
  table: {
    columns: [
      { kind: 'name', label: { zh: '单位名称', en: 'Unit' }, value: (row) => row.unitName },
      { kind: 'code', label: { zh: '单位编码', en: 'Unit code' }, value: (row) => row.unitCode },
      { kind: 'count', label: { zh: '项目数', en: 'Projects' }, value: (row) => row.projectCount },
      'initial',
      'budget',
      'month',
      'spent',
      'rate',
    ],
  },
});

/**
 * One project across all units and fund types (the seed reports 临时救助 as one project although
 * two units spend on it); its name and level are those of its first line.
 */
const PROJECT_ROLLUP = rollup({
  property: 'byProject',
  caption: { zh: '按项目', en: 'By project' },
  parts: (line) => [
    {
      key: line.projectCode,
      amounts: line.amounts,
      first: { name: line.projectName, level: line.projectLevel as ProjectLevel },
    },
  ],
  whenAbsent: 'always',
  distinct: {
    // A project's units come in unit order, each one's lines together.
    units: { field: 'unitCode', by: 'runs' },
    fundTypes: { field: 'fundType', by: 'set' },
  },
  order: compareText,
  row: (entry, { rules }) => {
    const { flags, level } = lagAndFlags(entry.amounts, rules);
    return {
      projectCode: entry.key,
      projectName: entry.first.name,
      projectLevel: entry.first.level,
      fundTypes: [...(entry.distinct.fundTypes?.values ?? [])].sort(fundOrder) as FundType[],
      unitCount: entry.distinct.units?.count ?? 0,
      ...toMoneyFigures(entry.amounts),
      flags,
      level,
      summaryZh: projectSummaryZh(entry.first.name, entry.amounts),
      summaryEn: projectSummaryEn(entry.first.name, entry.amounts),
    };
  },
  table: {
    columns: [
      { kind: 'name', label: { zh: '项目名称', en: 'Project' }, value: (row) => row.projectName },
      { kind: 'code', label: { zh: '项目编码', en: 'Project code' }, value: (row) => row.projectCode },
      {
        kind: 'term',
        label: { zh: '级次', en: 'Level' },
        value: (row) => PROJECT_LEVEL_LABELS[row.projectLevel],
      },
      {
        kind: 'term',
        label: { zh: '资金性质', en: 'Fund type' },
        value: (row) => row.fundTypes.map((fundType) => FUND_TYPE_LABELS[fundType]),
      },
      { kind: 'count', label: { zh: '单位数', en: 'Units' }, value: (row) => row.unitCount },
      'initial',
      'budget',
      'spent',
      'rate',
      { kind: 'flags', label: { zh: '标记', en: 'Flags' }, value: (row) => row.flags },
    ],
    withProjects: true,
  },
});

/** Each line's amounts per 支出类型 (a group may hold both). */
const EXPENDITURE_TYPE_ROLLUP = rollup({
  property: 'byExpenditureType',
  caption: { zh: '按支出类型', en: 'By expenditure type' },
  parts: (line) =>
    EXPENDITURE_TYPES.flatMap((type) => {
      const amounts = line.byExpenditureType[type];
      return amounts === undefined ? [] : [{ key: type, amounts, first: null }];
    }),
  whenAbsent: 'always',
  order: inListOrder(EXPENDITURE_TYPES),
  row: (entry) => ({
    expenditureType: entry.key as (typeof EXPENDITURE_TYPES)[number],
    ...toMoneyFigures(entry.amounts),
  }),
  table: {
    columns: [
      {
        kind: 'term',
        label: { zh: '支出类型', en: 'Expenditure type' },
        value: (row) => EXPENDITURE_TYPE_LABELS[row.expenditureType],
      },
      'budget',
      'spent',
      'rate',
    ],
  },
});

export const ROLLUPS: readonly Rollup[] = [
  FUND_TYPE_ROLLUP,
  UNIT_ROLLUP,
  PROJECT_ROLLUP,
  EXPENDITURE_TYPE_ROLLUP,
  ...(CLASSIFICATIONS as readonly Classification[]).map(classificationRollup),
] as readonly Rollup[];

/** The declaration publishing `property` (the rankings and the projects page ask for one). */
export function rollupOf(property: Rollup['property']): Rollup {
  const found = ROLLUPS.find((entry) => entry.property === property);
  if (found === undefined) throw new RangeError(`no roll-up publishes ${property}`);
  return found;
}
