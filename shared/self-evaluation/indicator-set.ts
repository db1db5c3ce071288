/**
 * The vocabulary of indicator files (docs/contract.md §4.2): one row per 三级指标, a set per
 * (year, projectCode), `部门整体` for the department's own set. Pure types and constants.
 */
import type { Ratio } from '../rational';
import type { FormTexts } from './form-texts';
import type { QualitativeRating, QualitativeScore } from './qualitative';

/** The project code of the department's own set (部门整体支出绩效自评表). */
export const DEPARTMENT_SET_CODE = '部门整体';

export const LEVEL1_INDICATORS = ['产出指标', '效益指标', '满意度指标', '成本指标'] as const;
export type Level1Indicator = (typeof LEVEL1_INDICATORS)[number];

export const INDICATOR_OPERATORS = ['≥', '≤', '=', '定性'] as const;
export type IndicatorOperator = (typeof INDICATOR_OPERATORS)[number];

export type IndicatorValues =
  | { operator: '≥' | '≤' | '='; target: Ratio; actual: Ratio; targetText: string; actualText: string }
  | {
      operator: '定性';
      target: string;
      /** 实际完成值 as written: a rating, a grade, a score or both (`qualitative.ts`). */
      actual: string;
      rating: QualitativeRating | null;
      score: QualitativeScore | null;
    };

/** One validated row of an indicator file. */
export type IndicatorRow = IndicatorValues & {
  level1: Level1Indicator;
  level2: string;
  indicator: string;
  unit: string | null;
  weight: Ratio;
  weightText: string;
  reason: string | null;
  /** Where it came from, for messages. */
  line: number;
};

/** The rows of one (year, projectCode), in file order. */
export interface IndicatorSet {
  year: number;
  projectCode: string;
  /** As written in the file (empty when the file has no 项目名称 column); the data's name wins for display. */
  projectName: string;
  indicators: IndicatorRow[];
  /** The form's free-text rows (年度总体目标, 评价结论, …, 填报日期), null where the file says nothing. */
  form: FormTexts;
}
