/** Every warning the self-evaluation gives, Chinese and English, in one place. */
import { percent } from '../format';
import { weightsInEnglish } from './standard-weights';

export const selfEvaluationMessages = {
  indicatorMissed: (label: string, indicator: string, target: string, actual: string) => ({
    zh: `${label}：指标“${indicator}”未达到年度指标值（年度指标值 ${target}，实际完成值 ${actual}），需说明偏差原因`,
    en: `${label}: “${indicator}” fell short of its target (target ${target}, actual ${actual}); the reason for the deviation must be stated (需说明偏差原因)`,
  }),
  executionLow: (label: string, rate: number) => ({
    zh: `${label}：预算执行率${percent(rate)}，低于90%，需说明偏差原因`,
    en: `${label}: execution rate ${percent(rate)} is under 90%; the reason for the deviation must be stated (需说明偏差原因)`,
  }),
  noDepartmentSet: (year: number) => ({
    zh: `未上传${year}年部门整体绩效指标（项目编码“部门整体”），部门整体支出未评分`,
    en: `No department-wide indicator set (project code “部门整体”) for ${year}, so the department is not scored`,
  }),
  weightsNotStandard: (label: string, weights: { actual: string; standard: string }) => ({
    zh: `${label}：一级指标分值为${weights.actual}，与自评表规定的${weights.standard}不同，请在评价结论中说明理由`,
    en: `${label}: level-1 weights ${weightsInEnglish(weights.actual)} depart from the form's ${weightsInEnglish(weights.standard)}; state the reason in the conclusion`,
  }),
  overAchieved: (
    label: string,
    indicator: string,
    target: string,
    actual: string,
    rule: { factor: number; deductionPercent: number },
  ) => ({
    zh:
      `${label}：指标“${indicator}”实际完成值 ${actual} 优于年度指标值 ${target} 超过${rule.factor}倍，需分析原因（年度指标值是否设定合理）` +
      (rule.deductionPercent > 0 ? `，按规定扣减该指标分值的${rule.deductionPercent}%` : ''),
    en:
      `${label}: “${indicator}” achieved ${actual}, better than its target ${target} by more than ${rule.factor}×; analyse why (was the target set right?)` +
      (rule.deductionPercent > 0 ? `; ${rule.deductionPercent}% of its weight is deducted` : ''),
  }),
  scoreRequired: (label: string, indicator: string, actual: string) => ({
    zh: `${label}：定性指标“${indicator}”评为“${actual}”，按档次评分需写明得分（如“${actual} 8.5”），暂按该档最低分值计`,
    en: `${label}: qualitative “${indicator}” is rated “${actual}”; scoring by band needs the officer's points (e.g. “${actual} 8.5”), so the band's lowest share counts for now`,
  }),
  noExecutionData: (label: string, code: string, year: number) => ({
    zh: `${label}（${code}）在${year}年的执行数据中没有记录，预算执行情况按0计`,
    en: `${label} (${code}) has no execution data in ${year}; its execution counts as 0`,
  }),
};
