/**
 * No printed statement is false about its own figures (docs/contract.md §4, §5 "Printed
 * figures"). Over random amounts, the generated text is parsed back and every comparison, sum
 * and gap in it is re-derived from the numbers printed beside it, as a finance officer checking
 * the circular with a pencil would: the bulletin's opening and its levels, the 项目支出 / 基本支出
 * split, the project sentences, the lagging warnings and the self-evaluation's 「低于90%」.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpenditureType, FundType, GroupLine } from '../../../../shared/domain-types';
import { ratio } from '../../../../shared/rational';
import { buildBulletin } from '../../../../shared/render/bulletin-notice';
import { renderBulletinPage } from '../../../../shared/render/bulletin-page';
import { renderReportPage } from '../../../../shared/render/report-page';
import type { SourcedGroupLine } from '../../../../shared/report/period-report';
import { warningStreaks } from '../../../../shared/report/warning-streaks';
import { buildSelfEvaluation } from '../../../../shared/self-evaluation/build-self-evaluation';
import { tallyExecution } from '../../../../shared/self-evaluation/execution-tally';
import { emptyFormTexts } from '../../../../shared/self-evaluation/form-texts';
import type { IndicatorSet } from '../../../../shared/self-evaluation/indicator-set';
import { departmentSentence } from '../../../../shared/self-evaluation/report-sentences';
import { withoutNumberSpans } from '../../../support/page-text';
import { samplePageContext } from '../../../support/sample-report';
import { DEFAULT_OPTIONS, report } from './helpers';

/** A printed decimal ("-1,234.56", "47.15", "100") as an integer count of hundredths. */
function hundredths(text: string): bigint {
  const match = /^(-?)([\d,]+)(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) throw new Error(`not a printed figure: ${text}`);
  const value = BigInt(`${(match[2] ?? '').replace(/,/g, '')}${(match[3] ?? '').padEnd(2, '0')}`);
  return match[1] === '-' ? -value : value;
}

/** The Chinese text of a page: the zh spans' content, tags stripped. */
function chineseText(html: string): string {
  const page = withoutNumberSpans(html);
  const spans = [...page.matchAll(/<span class="zh" lang="zh-CN">([\s\S]*?)<\/span>/g)].map(
    (m) => m[1] ?? '',
  );
  return spans.join('\n').replace(/<[^>]+>/g, '');
}

const FIGURE = '(-?[\\d,]+(?:\\.\\d+)?)';

function all(text: string, pattern: string): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(pattern, 'g'))];
}

interface LineSpec {
  unit: number;
  project: number;
  fundType: FundType;
  expenditureType: ExpenditureType;
  budget: bigint;
  spentPermille: number;
  nudge: bigint;
}

const lineSpec: fc.Arbitrary<LineSpec> = fc.record({
  unit: fc.integer({ min: 1, max: 3 }),
  project: fc.integer({ min: 1, max: 6 }),
  fundType: fc.constantFrom<FundType>('一般公共预算', '政府性基金预算'),
  expenditureType: fc.constantFrom<ExpenditureType>('项目支出', '项目支出', '基本支出'),
  budget: fc.bigInt({ min: 1n, max: 10n ** 11n }),
  // Rates near the thresholds that statements compare with (90%, 100%) come up often.
  spentPermille: fc.oneof(fc.integer({ min: 0, max: 1300 }), fc.constantFrom(899, 900, 999, 1000, 1001)),
  nudge: fc.bigInt({ min: -3n, max: 3n }),
});

function toLines(specs: LineSpec[]): SourcedGroupLine[] {
  const byKey = new Map<string, SourcedGroupLine>();
  for (const spec of specs) {
    const spent = (spec.budget * BigInt(spec.spentPermille)) / 1000n + spec.nudge;
    const amounts = { budget: spec.budget, spentThisMonth: 0n, spentToDate: spent < 0n ? 0n : spent };
    const key = `${spec.unit}|${spec.project}|${spec.fundType}`;
    if (byKey.has(key)) continue;
    const line: GroupLine = {
      unitCode: `10100${spec.unit}`,
      unitName: `单位${spec.unit}`,
      projectCode: `P00${spec.project}`,
      projectName: `项目${spec.project}`,
      projectLevel: '一级',
      fundType: spec.fundType,
      functionCodes: ['2081901'],
      amounts,
      byExpenditureType: { [spec.expenditureType]: amounts },
      lineCount: 1,
    };
    byKey.set(key, { ...line, sourceKey: 'incoming/a.csv' });
  }
  return [...byKey.values()];
}

/** 低于 / 高于 / 持平 and the gap, against the printed rate and time progress. */
function checkGapSentence(text: string, rate: bigint, timeProgress: bigint): void {
  const below = new RegExp(`低于序时进度${FIGURE}个百分点`).exec(text);
  const above = new RegExp(`高于序时进度${FIGURE}个百分点`).exec(text);
  if (rate < timeProgress) expect(below && hundredths(below[1] ?? '')).toBe(timeProgress - rate);
  else if (rate > timeProgress) expect(above && hundredths(above[1] ?? '')).toBe(rate - timeProgress);
  else expect(text).toContain('与序时进度持平');
}

describe('printed statements agree with their own printed figures', () => {
  it('bulletin, report page and warnings, over random amounts', () => {
    fc.assert(
      fc.property(
        fc.array(lineSpec, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        (specs, month) => {
          const periodReport = report(month, toLines(specs), null, DEFAULT_OPTIONS);
          const notice = buildBulletin({
            report: periodReport,
            streaks: warningStreaks(periodReport, null),
            previousMonth: null,
            issuer: '乐昌市民政局',
            interviewAfterMonths: 2,
          });
          const bulletinHtml = renderBulletinPage(periodReport, notice);
          const bulletin = chineseText(bulletinHtml);

          // The opening: rate and gap against the time progress printed in the next paragraph.
          const tp = new RegExp(`本期为${FIGURE}%`).exec(bulletin);
          const opening = new RegExp(`全部门预算执行率${FIGURE}%`).exec(bulletin);
          if (tp === null || opening === null) {
            expect(bulletin).toContain('未安排预算');
            return;
          }
          const timeProgress = hundredths(tp[1] ?? '');
          const rate = hundredths(opening[1] ?? '');
          checkGapSentence(
            bulletin.slice(opening.index, bulletin.indexOf('。', opening.index)),
            rate,
            timeProgress,
          );

          // The whole, then 项目支出 and 基本支出: each gap against the printed time progress, and the
          // parts add up to the whole as printed.
          const rows = all(
            bulletin,
            `(全部门|项目支出|基本支出)预算数${FIGURE}万元，累计支出${FIGURE}万元，其中本月支出${FIGURE}万元，执行率${FIGURE}%，([^。]*)。`,
          );
          expect(rows[0]?.[1]).toBe('全部门');
          for (const row of rows) checkGapSentence(row[6] ?? '', hundredths(row[5] ?? ''), timeProgress);
          const parts = rows.slice(1);
          if (parts.length === 2) {
            for (const field of [2, 3, 4]) {
              const sum = parts.reduce((s, p) => s + hundredths(p[field] ?? ''), 0n);
              expect(sum).toBe(hundredths(rows[0]?.[field] ?? ''));
            }
          }

          // Each level's band holds the gaps printed in its table, and each gap is rate − time progress.
          const levelParts = bulletinHtml.split('<h3 id="level-').slice(1);
          expect(levelParts.length).toBe(periodReport.options.warningLevels.length);
          for (const part of levelParts.map((s) => s.split(/<h3 |<\/section>/)[0] ?? '')) {
            const band = new RegExp(`落后序时进度${FIGURE}个百分点及以上(?:、不足${FIGURE}个百分点)?`).exec(
              chineseText(part),
            );
            expect(band).not.toBeNull();
            const from = hundredths(band?.[1] ?? '');
            const to = band?.[2] === undefined ? null : hundredths(band[2]);
            const rowPattern = `<td class="num">${FIGURE}%</td><td class="num">${FIGURE}</td>`;
            for (const row of all(part, rowPattern)) {
              const rowRate = hundredths(row[1] ?? '');
              const rowGap = hundredths(row[2] ?? '');
              expect(rowGap).toBe(rowRate - timeProgress);
              expect(-rowGap >= from).toBe(true);
              if (to !== null) expect(-rowGap < to).toBe(true);
            }
          }

          // Project sentences: 「完成预算数的100%」 only when the printed amounts are equal, and the
          // order of the printed amounts never contradicts the printed rate.
          const page = chineseText(renderReportPage(periodReport, samplePageContext(periodReport)));
          for (const m of all(
            page,
            `全年预算数为${FIGURE}万元，执行数为${FIGURE}万元，完成预算数?的${FIGURE}%`,
          )) {
            const budget = hundredths(m[1] ?? '');
            const spent = hundredths(m[2] ?? '');
            const printed = m[3] ?? '';
            if (!printed.includes('.')) expect(printed === '100' ? spent === budget : true).toBe(true);
            const r = hundredths(printed);
            if (r < 10000n) expect(spent <= budget).toBe(true);
            if (r > 10000n) expect(spent >= budget).toBe(true);
          }

          // Lagging warnings: 「执行率X%，时间进度T%，落后G个百分点」 with G = T − X, at least the lowest level.
          const lowest = Math.min(...periodReport.options.warningLevels.map((l) => l.lagPoints));
          for (const w of periodReport.warnings.filter((x) => x.code === 'LAGGING')) {
            const m = new RegExp(`执行率${FIGURE}%，时间进度${FIGURE}%，落后${FIGURE}个百分点`).exec(
              w.messageZh,
            );
            expect(m).not.toBeNull();
            const gap = hundredths(m?.[3] ?? '');
            expect(gap).toBe(hundredths(m?.[2] ?? '') - hundredths(m?.[1] ?? ''));
            expect(gap >= BigInt(lowest * 100)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('self-evaluation: 「低于90%」 and 「完成预算的100%」 hold, and the split adds up to the whole', () => {
    fc.assert(
      fc.property(fc.array(lineSpec, { minLength: 1, maxLength: 6 }), (specs) => {
        const lines = toLines(specs);
        const sets: IndicatorSet[] = [...new Set(lines.map((l) => l.projectCode))].map((projectCode) => ({
          year: 2021,
          projectCode,
          projectName: '',
          form: emptyFormTexts(),
          indicators: [
            {
              level1: '产出指标',
              level2: '数量指标',
              indicator: '人数',
              operator: '≥',
              unit: '人',
              target: ratio(1n),
              actual: ratio(1n),
              targetText: '1',
              actualText: '1',
              weight: ratio(90n),
              weightText: '90',
              reason: null,
              line: 2,
            },
          ],
        }));
        const evaluation = buildSelfEvaluation({
          city: { id: 'lechang', name: '乐昌市' },
          asOf: { year: 2021, month: 12 },
          execution: tallyExecution(lines),
          sets,
          executionWeight: 10,
        });
        for (const w of evaluation.warnings.filter((x) => x.code === 'EXECUTION_REASON_REQUIRED')) {
          const m = new RegExp(`预算执行率${FIGURE}%，低于90%`).exec(w.messageZh);
          expect(m).not.toBeNull();
          expect(hundredths(m?.[1] ?? '') < 9000n).toBe(true);
        }
        for (const p of evaluation.projects) {
          const below = evaluation.warnings.some(
            (w) => w.projectCode === p.projectCode && w.code === 'EXECUTION_REASON_REQUIRED',
          );
          if (p.executionRate !== null && p.executionRate < 0.9) expect(below).toBe(true);
        }
        const sentence = departmentSentence(evaluation);
        const whole = new RegExp(`全年预算数${FIGURE}万元，执行数${FIGURE}万元，完成预算的${FIGURE}%`).exec(
          sentence,
        );
        expect(whole).not.toBeNull();
        if (whole?.[3] === '100') expect(whole[1]).toBe(whole[2]);
        const parts = all(sentence, `(项目支出|基本支出)全年预算数${FIGURE}万元，执行数${FIGURE}万元`);
        if (parts.length === 2) {
          expect(parts.reduce((s, p) => s + hundredths(p[2] ?? ''), 0n)).toBe(hundredths(whole?.[1] ?? ''));
          expect(parts.reduce((s, p) => s + hundredths(p[3] ?? ''), 0n)).toBe(hundredths(whole?.[2] ?? ''));
        }
      }),
      { numRuns: 150 },
    );
  });
});
