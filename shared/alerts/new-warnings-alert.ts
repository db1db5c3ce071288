/**
 * `new-warnings`: lines, units or projects of a period that reached a warning level they were
 * never announced at before (docs/contract.md §5.1). Each subject at each level is announced once: the
 * caller keeps the announced `announcementKey`s and passes only what is new (`FreshWarnings`).
 */

import { displayName } from '../display-name';
import { formatPoints, percent, quoteZh } from '../format';
import { formatPeriodId } from '../period-id';
import { warningLevelLabel } from '../render/labels';
import type { PeriodFigures, ReportLine } from '../report/period-report';
import { type Alert, alertSubject, siteLink } from './alert';

export interface WarningSubject {
  kind: 'line' | 'unit' | 'project';
  /** Stable identity within the period: `line|unit|project|fund`, `unit|code`, `project|code`. */
  id: string;
  name: { zh: string; en: string };
  level: string;
  executionRate: number | null;
  gapPoints: number | null;
}

/** What makes an announcement: this subject at this level. */
export const announcementKey = (subject: Pick<WarningSubject, 'id' | 'level'>): string =>
  `${subject.id}|${subject.level}`;

/**
 * A line at a warning level as a subject. A period may have 100,000 of them, made while its
 * lines stream past, and only the first few new ones are kept and named (`FreshWarnings`): so
 * the name is drawn when read, and the subject keeps just the strings it is drawn from.
 */
class LineSubject implements WarningSubject {
  readonly kind = 'line';
  readonly id: string;

  constructor(
    private readonly unitName: string,
    private readonly projectName: string,
    private readonly fundType: string,
    projectCode: string,
    unitCode: string,
    readonly level: string,
    readonly executionRate: number | null,
    readonly gapPoints: number | null,
  ) {
    this.id = `line|${unitCode}|${projectCode}|${fundType}`;
  }

  get name(): { zh: string; en: string } {
    const unit = displayName(this.unitName);
    const project = displayName(this.projectName);
    return {
      zh: `明细：${unit}${quoteZh(project)}（${this.fundType}）`,
      en: `Line: ${unit} “${project}” (${this.fundType})`,
    };
  }
}

/** A line at a warning level as a subject, or null: collected as the period's lines stream past. */
export function lineWarningSubject(line: ReportLine): WarningSubject | null {
  if (line.level === null) return null;
  return new LineSubject(
    line.unitName,
    line.projectName,
    line.fundType,
    line.projectCode,
    line.unitCode,
    line.level,
    line.executionRate,
    // lag is the published time progress − the published rate, 4 decimals: the gap in points to 2.
    line.lag === null ? null : -Math.round(line.lag * 10_000) / 100,
  );
}

/** Every unit and project of the period at a warning level, units first (lines come as they stream). */
export function figureSubjects(report: Pick<PeriodFigures, 'rankings'>): WarningSubject[] {
  const subjects: WarningSubject[] = [];
  for (const unit of report.rankings.units) {
    if (unit.level === null) continue;
    subjects.push({
      kind: 'unit',
      id: `unit|${unit.unitCode}`,
      name: { zh: `单位：${displayName(unit.unitName)}`, en: `Unit: ${displayName(unit.unitName)}` },
      level: unit.level,
      executionRate: unit.executionRate,
      gapPoints: unit.gapPoints,
    });
  }
  for (const project of report.rankings.projects) {
    if (project.level === null) continue;
    subjects.push({
      kind: 'project',
      id: `project|${project.projectCode}`,
      name: {
        zh: `项目：${displayName(project.projectName)}`,
        en: `Project: ${displayName(project.projectName)}`,
      },
      level: project.level,
      executionRate: project.executionRate,
      gapPoints: project.gapPoints,
    });
  }
  return subjects;
}

/** Subjects listed in full in the text; the rest are counted (an e-mail, not a report). */
export const ALERT_SUBJECT_LIMIT = 20;

/**
 * The alert of what is new: `shown`, the first fresh subjects (units, projects, then lines: at
 * most `ALERT_SUBJECT_LIMIT` are named, in the text and in `details`), and how many of each kind.
 */
export function newWarningsAlert(input: {
  report: PeriodFigures;
  fresh: { shown: readonly WarningSubject[]; counts: { units: number; projects: number; lines: number } };
  siteUrl: string | null;
}): Alert {
  const { report } = input;
  const count = { ...input.fresh.counts };
  const total = count.units + count.projects + count.lines;
  const id = formatPeriodId(report.period);
  const link = siteLink(input.siteUrl, `reports/${id}/bulletin.html`);
  const shown = input.fresh.shown.slice(0, ALERT_SUBJECT_LIMIT);
  const rest = total - shown.length;
  const list = shown.map((s) => {
    const level = warningLevelLabel(s.level);
    const gap = s.gapPoints === null ? '—' : formatPoints(s.gapPoints);
    return `- ${level.zh} / ${level.en}: ${s.name.zh} / ${s.name.en}, ${percent(s.executionRate)}, ${gap}`;
  });
  const text = [
    `【${report.city.name}】${report.period.year}年${report.period.month}月新增预警：单位${count.units}个、项目${count.projects}个、明细${count.lines}条首次达到预警等级（序时进度${percent(report.timeProgress)}）。`,
    `进度通报：${link}`,
    '',
    `[${report.city.name}] New warnings for ${id}: ${count.units} unit(s), ${count.projects} project(s) and ${count.lines} line(s) reached a warning level for the first time (time progress ${percent(report.timeProgress)}).`,
    `Bulletin: ${link}`,
    '',
    '等级 / level: 名称 / name, 执行率 / rate, 与序时进度差距（百分点） / gap (points)',
    ...list,
    ...(rest > 0 ? [`… 另有${rest}项 / and ${rest} more`] : []),
  ].join('\n');
  return {
    kind: 'new-warnings',
    city: report.city,
    subject: alertSubject(`【${report.city.name}】${id}新增预警${total}项 / New warnings: ${total}`),
    text,
    link,
    details: {
      period: id,
      timeProgress: report.timeProgress,
      counts: count,
      subjects: shown.map((s) => ({
        kind: s.kind,
        id: s.id,
        level: s.level,
        executionRate: s.executionRate,
        gapPoints: s.gapPoints,
      })),
    },
  };
}
