/**
 * The 通报 as a notice (docs/contract.md §4.1): what `bulletin.html` and `bulletin.docx` both
 * print, drawn once from the period's report, its warning streaks and the month before's
 * summary, so the page and the document can never say different things.
 *
 * Amounts are in 万元 (the notices' unit), rates and gaps as the report has them (gaps computed
 * exactly and rounded once). What only people can write (the 文号's numbers, 工作要求) is a
 * placeholder 【待填写：…】.
 */
import type { Amounts, Period } from '../domain-types';
import {
  formatPoints,
  formatWan,
  formatWanParts,
  localDate,
  percent,
  periodLabel,
  yuanToFen,
} from '../format';
import type { Ratio } from '../rational';
import { ratioBasisPoints } from '../report/execution-rate';
import type { MoneyFigures, PeriodFigures, RankingFigures } from '../report/period-report';
import { gapPoints } from '../report/progress-gap';
import { describeTimeProgress, timeProgressFraction } from '../report/time-progress';
import { bySeverity } from '../report/warning-levels';
import type { WarningStreak, WarningStreaks } from '../report/warning-streaks';
import { yearOverYear } from '../report/year-over-year';
import type { Bilingual } from './bilingual';
import { progressSentence } from './progress-sentence';

export const BULLETIN_PLACEHOLDER = (what: string): string => `【待填写：${what}】`;

/** One row of the 总体情况 table: the whole, 项目支出, 基本支出. */
export interface BulletinFigures {
  label: Bilingual;
  budget: string;
  spentToDate: string;
  spentThisMonth: string;
  executionRate: number | null;
  gapPoints: number | null;
  /**
   * The three amounts in 万元 as printed. 项目支出 and 基本支出 are printed so that they add up to
   * the whole as printed (formatWanParts), so a reader who adds the rows finds the total.
   */
  wan: { budget: string; spentToDate: string; spentThisMonth: string };
}

/** A unit or project in a warning list. */
export interface BulletinEntry {
  kind: 'unit' | 'project';
  code: string;
  name: string;
  budget: string;
  spentToDate: string;
  executionRate: number | null;
  gapPoints: number | null;
  level: string;
  /** Consecutive months at a warning level (连续N个月), this one included. */
  months: number;
  /** Consecutive months at the most severe level. */
  severeMonths: number;
}

export interface BulletinLevel {
  level: string;
  /** 落后序时进度20个百分点及以上 … */
  band: Bilingual;
  entries: BulletinEntry[];
}

export interface Bulletin {
  period: Period;
  title: Bilingual;
  /** 文号: the year filled in, the issuer's code and number left to fill. */
  docNumber: string;
  /** 主送. */
  addressee: string;
  /** 总体情况: the opening sentence, then the figures. */
  opening: Bilingual;
  overall: BulletinFigures[];
  /** The sentences under the table: expenditure types, the rule, averages, changes. */
  paragraphs: Bilingual[];
  levels: BulletinLevel[];
  /** Units and projects at the most severe level for `interviewAfterMonths` months or more. */
  interview: { months: number; level: string | null; entries: BulletinEntry[]; sentence: Bilingual };
  requirements: string;
  issuer: string;
  /** 2021年7月5日: the date of the latest data, China time. */
  date: string;
}

export interface BulletinInput {
  report: PeriodFigures;
  streaks: WarningStreaks;
  /** The month before's totals (its summary), null when it has no data or for January. */
  previousMonth: { period: Period; totals: MoneyFigures } | null;
  /** 落款: the city's `bulletin.issuer`, else its name. */
  issuer: string;
  /** The city's `bulletin.interviewAfterMonths`. */
  interviewAfterMonths: number;
}

const amountsOf = (figures: Pick<MoneyFigures, 'budget' | 'spentThisMonth' | 'spentToDate'>): Amounts => ({
  budget: yuanToFen(figures.budget),
  spentThisMonth: yuanToFen(figures.spentThisMonth),
  spentToDate: yuanToFen(figures.spentToDate),
});

const wan = (yuan: string): string => formatWan(yuanToFen(yuan));

/** 「低于序时进度2.85个百分点」 / "2.85 points behind time progress". */
export function gapPhrase(gap: number | null): Bilingual {
  if (gap === null) return { zh: '未安排预算', en: 'no budget' };
  const size = formatPoints(Math.abs(gap));
  if (gap < 0) return { zh: `低于序时进度${size}个百分点`, en: `${size} points behind time progress` };
  if (gap > 0) return { zh: `高于序时进度${size}个百分点`, en: `${size} points ahead of time progress` };
  return { zh: '与序时进度持平', en: 'level with time progress' };
}

/** 「提高1.5个百分点」 / "up 1.5 points". */
function changePhrase(points: number): Bilingual {
  const size = formatPoints(Math.abs(points));
  if (points > 0) return { zh: `提高${size}个百分点`, en: `up ${size} points` };
  if (points < 0) return { zh: `下降${size}个百分点`, en: `down ${size} points` };
  return { zh: '持平', en: 'unchanged' };
}

/** The date of the data in the city's time zone (default Asia/Shanghai): 「2021年7月5日」. */
export function chineseDate(iso: string, timeZone?: string): string {
  return localDate(iso, timeZone).zh;
}

function overallFigures(report: PeriodFigures, timeProgress: Ratio): BulletinFigures[] {
  const byType = new Map(report.byExpenditureType.map((t) => [t.expenditureType, t]));
  const project = byType.get('项目支出');
  const basic = byType.get('基本支出');
  const parts = [project, basic].filter((part) => part !== undefined);
  const printed = (field: 'budget' | 'spentToDate' | 'spentThisMonth') =>
    formatWanParts(parts.map((part) => part[field])).parts;
  const partsWan = {
    budget: printed('budget'),
    spentToDate: printed('spentToDate'),
    spentThisMonth: printed('spentThisMonth'),
  };
  const row = (label: Bilingual, figures: MoneyFigures, part: number | null): BulletinFigures => ({
    label,
    budget: figures.budget,
    spentToDate: figures.spentToDate,
    spentThisMonth: figures.spentThisMonth,
    executionRate: figures.executionRate,
    gapPoints: gapPoints(amountsOf(figures), timeProgress),
    wan:
      part === null || parts.length < 2
        ? {
            budget: wan(figures.budget),
            spentToDate: wan(figures.spentToDate),
            spentThisMonth: wan(figures.spentThisMonth),
          }
        : {
            budget: partsWan.budget[part] ?? '',
            spentToDate: partsWan.spentToDate[part] ?? '',
            spentThisMonth: partsWan.spentThisMonth[part] ?? '',
          },
  });
  return [
    row({ zh: '全部门', en: 'Department' }, report.totals, null),
    ...(project === undefined ? [] : [row({ zh: '项目支出', en: 'Project expenditure' }, project, 0)]),
    ...(basic === undefined
      ? []
      : [row({ zh: '基本支出', en: 'Basic expenditure' }, basic, parts.indexOf(basic))]),
  ];
}

/** 「其中，项目支出预算数…万元，累计支出…万元，本月支出…万元，执行率…，低于序时进度…个百分点。」 */
function figuresSentence(figures: BulletinFigures, lead: Bilingual): Bilingual {
  const gap = gapPhrase(figures.gapPoints);
  return {
    zh:
      `${lead.zh}${figures.label.zh}预算数${figures.wan.budget}万元，累计支出${figures.wan.spentToDate}万元，` +
      `其中本月支出${figures.wan.spentThisMonth}万元，执行率${percent(figures.executionRate)}，${gap.zh}。`,
    en:
      `${lead.en}${figures.label.en}: budget ${figures.wan.budget} (10k yuan), spent ${figures.wan.spentToDate}, ` +
      `of which ${figures.wan.spentThisMonth} this month; execution ${percent(figures.executionRate)}, ${gap.en}.`,
  };
}

/**
 * The average of the units' execution rates (each unit with a budget counts once, whatever its
 * size), and how many units are at or above it and below it. A reader checks this against the
 * rates printed in the table, so it is the average of the printed (published) rates, itself
 * published by the same rule, and each unit is compared with it as printed.
 */
function averageSentence(report: PeriodFigures): Bilingual | null {
  const rates = report.rankings.units.flatMap((u) => {
    const budget = yuanToFen(u.budget);
    const rate = budget > 0n ? ratioBasisPoints(yuanToFen(u.spentToDate), budget) : null;
    return rate === null ? [] : [rate];
  });
  if (rates.length === 0) return null;
  const sum = rates.reduce((a, b) => a + b, 0n);
  const average = ratioBasisPoints(sum, BigInt(rates.length) * 10_000n) ?? 0n;
  const below = rates.filter((r) => r < average).length;
  const atOrAbove = rates.length - below;
  const shown = percent(Number(average) / 10_000);
  return {
    zh: `各单位平均执行率为${shown}，达到或高于平均执行率的单位${atOrAbove}个，低于平均执行率的单位${below}个。`,
    en: `The units' average execution rate is ${shown}: ${atOrAbove} unit${atOrAbove === 1 ? '' : 's'} at or above it, ${below} below.`,
  };
}

function unitCountSentence(report: PeriodFigures): Bilingual {
  const units = report.rankings.units;
  const measured = units.filter((u) => u.gapPoints !== null);
  const behind = measured.filter((u) => (u.gapPoints ?? 0) < 0).length;
  const ahead = measured.length - behind;
  const unmeasured = units.length - measured.length;
  return {
    zh:
      `纳入通报的${units.length}个单位中，${ahead}个单位执行进度快于或等于序时进度，${behind}个单位慢于序时进度` +
      `${unmeasured > 0 ? `，${unmeasured}个单位未安排预算` : ''}。`,
    en:
      `Of the ${units.length} unit${units.length === 1 ? '' : 's'}, ${ahead} ${ahead === 1 ? 'is' : 'are'} at or ahead of time progress and ${behind} behind` +
      `${unmeasured > 0 ? `; ${unmeasured} had no budget` : ''}.`,
  };
}

/** 「与上月相比，执行率提高5.2个百分点，累计支出增加800万元。」 and the same month last year. */
function changeSentences(report: PeriodFigures, previous: BulletinInput['previousMonth']): Bilingual[] {
  const sentences: Bilingual[] = [];
  const current = amountsOf(report.totals);
  if (previous !== null) {
    const change = yearOverYear(current, { period: previous.period, totals: amountsOf(previous.totals) });
    const spent = current.spentToDate - yuanToFen(previous.totals.spentToDate);
    const rate = change.rateChangePoints === null ? null : changePhrase(change.rateChangePoints);
    const label = periodLabel(previous.period);
    sentences.push({
      zh:
        `与上月（${label.zh}底执行率${percent(previous.totals.executionRate)}）相比，` +
        `${rate === null ? '' : `执行率${rate.zh}，`}累计支出增加${formatWan(spent)}万元。`,
      en:
        `Against the month before (${label.en}: ${percent(previous.totals.executionRate)}), ` +
        `${rate === null ? '' : `the rate is ${rate.en}, and `}spending grew by ${formatWan(spent)} (10k yuan).`,
    });
  }
  const yoy = report.yearOverYear;
  if (yoy !== undefined) {
    const rate = yoy.rateChangePoints === null ? null : changePhrase(yoy.rateChangePoints);
    const spent = current.spentToDate - yuanToFen(yoy.totals.spentToDate);
    const label = periodLabel(yoy.period);
    sentences.push({
      zh:
        `与上年同期（${label.zh}底执行率${percent(yoy.executionRate)}，累计支出${wan(yoy.totals.spentToDate)}万元）相比，` +
        `${rate === null ? '' : `执行率${rate.zh}，`}累计支出${spent >= 0n ? '增加' : '减少'}${formatWan(spent >= 0n ? spent : -spent)}万元。`,
      en:
        `Against the same month last year (${label.en}: ${percent(yoy.executionRate)}, spent ${wan(yoy.totals.spentToDate)}), ` +
        `${rate === null ? '' : `the rate is ${rate.en}, and `}spending is ${spent >= 0n ? 'up' : 'down'} ${formatWan(spent >= 0n ? spent : -spent)} (10k yuan).`,
    });
  }
  return sentences;
}

function levelEntries(report: PeriodFigures, streaks: WarningStreaks): BulletinEntry[] {
  const streakOf = (list: WarningStreak[]) => new Map(list.map((s) => [s.code, s]));
  const units = streakOf(streaks.units);
  const projects = streakOf(streaks.projects);
  const entry = (
    kind: BulletinEntry['kind'],
    code: string,
    name: string,
    figures: RankingFigures,
    streak: WarningStreak | undefined,
  ): BulletinEntry[] =>
    figures.level === null || streak === undefined
      ? []
      : [
          {
            kind,
            code,
            name,
            budget: figures.budget,
            spentToDate: figures.spentToDate,
            executionRate: figures.executionRate,
            gapPoints: figures.gapPoints,
            level: figures.level,
            months: streak.months,
            severeMonths: streak.severeMonths,
          },
        ];
  return [
    ...report.rankings.units.flatMap((u) => entry('unit', u.unitCode, u.unitName, u, units.get(u.unitCode))),
    ...report.rankings.projects.flatMap((p) =>
      entry('project', p.projectCode, p.projectName, p, projects.get(p.projectCode)),
    ),
  ];
}

export function buildBulletin(input: BulletinInput): Bulletin {
  const { report, issuer } = input;
  const period = periodLabel(report.period);
  const timeProgress = timeProgressFraction(report.options.timeProgress, report.period);
  const overall = overallFigures(report, timeProgress);
  const rule = describeTimeProgress(report.options.timeProgress);
  const opening = progressSentence(report);

  const [whole, ...types] = overall;
  const paragraphs: Bilingual[] = [
    ...(whole === undefined ? [] : [figuresSentence(whole, { zh: '', en: '' })]),
    ...types.map((figures) => figuresSentence(figures, { zh: '其中，', en: 'Of it, ' })),
    {
      zh: `序时进度${rule.zh}，本期为${percent(report.timeProgress)}。`,
      en: `Time progress is reckoned ${rule.en}: ${percent(report.timeProgress)} this period.`,
    },
    unitCountSentence(report),
    ...[averageSentence(report)].filter((s): s is Bilingual => s !== null),
    ...changeSentences(report, input.previousMonth),
  ];

  const entries = levelEntries(report, input.streaks);
  const floor = report.options.warningMinBudget;
  const levels = bySeverity(report.options.warningLevels).map((level, i, all): BulletinLevel => {
    const from = formatPoints(level.lagPoints);
    const higher = all[i - 1];
    return {
      level: level.level,
      band: {
        zh:
          `落后序时进度${from}个百分点及以上${higher === undefined ? '' : `、不足${formatPoints(higher.lagPoints)}个百分点`}` +
          `${floor === '0.00' ? '' : `（全年预算数${floor}元以下的不列入）`}`,
        en:
          `${from}${higher === undefined ? ' or more' : `–${formatPoints(higher.lagPoints)}`} points behind time progress` +
          `${floor === '0.00' ? '' : ` (budgets under ${floor} yuan are not listed)`}`,
      },
      entries: entries.filter((e) => e.level === level.level),
    };
  });

  const months = input.interviewAfterMonths;
  const severest = bySeverity(report.options.warningLevels)[0]?.level ?? null;
  const interviewed = entries.filter((e) => e.severeMonths >= months);
  return {
    period: report.period,
    title: {
      zh: `${issuer}关于${period.zh}预算执行进度情况的通报`,
      en: `Spending progress bulletin, ${period.en} (${issuer})`,
    },
    docNumber: `${BULLETIN_PLACEHOLDER('发文机关代字')}〔${report.period.year}〕${BULLETIN_PLACEHOLDER('序号')}号`,
    addressee: '各单位：',
    opening,
    overall,
    paragraphs,
    levels,
    interview: {
      months,
      level: severest,
      entries: interviewed,
      sentence:
        interviewed.length === 0
          ? {
              zh: `本期没有连续${months}个月及以上处于最高预警等级的单位和项目。`,
              en: `No unit or project has been at the most severe level for ${months} months or more.`,
            }
          : {
              zh: `以下单位和项目连续${months}个月及以上处于最高预警等级，列入约谈/督办名单：`,
              en: `These units and projects have been at the most severe level for ${months} months or more and are listed for interview or supervision (约谈/督办):`,
            },
    },
    requirements: BULLETIN_PLACEHOLDER(
      '工作要求（如加快支出进度的措施、时限，对连续预警单位的调减或收回预算安排）',
    ),
    issuer,
    date: chineseDate(report.generatedAt, report.options.timeZone),
  };
}
