/** The two alert texts of docs/contract.md §5.1: bilingual, short, with a link, the figures in `details`. */

import { describe, expect, it } from 'vitest';
import { alertSubject } from '../../../../shared/alerts/alert';
import { FreshWarnings } from '../../../../shared/alerts/fresh-warnings';
import {
  ALERT_SUBJECT_LIMIT,
  announcementKey,
  figureSubjects,
  lineWarningSubject,
  newWarningsAlert,
} from '../../../../shared/alerts/new-warnings-alert';
import { uploadRejectedAlert } from '../../../../shared/alerts/upload-rejected-alert';
import type { PeriodReport } from '../../../../shared/report/period-report';
import { amounts, line, report } from '../report/helpers';

/** What render collects of the lines while they stream past. */
const lineSubjectsOf = (report: PeriodReport) =>
  report.lines.flatMap((line) => lineWarningSubject(line) ?? []);

/** Units and projects, then lines, as render gathers them; `announced` as the ledger holds. */
function freshOf(report: PeriodReport, announced: ReadonlySet<string> = new Set()): FreshWarnings {
  const has = (key: string) => announced.has(key);
  const figures = new FreshWarnings(has);
  for (const subject of figureSubjects(report)) figures.add(subject);
  const lines = new FreshWarnings(has);
  for (const subject of lineSubjectsOf(report)) lines.add(subject);
  return figures.followedBy(lines);
}

const city = { id: 'lechang', name: '乐昌市民政局' };

describe('upload-rejected', () => {
  const errors = Array.from({ length: 7 }, (_, i) => ({
    line: i + 2,
    column: '全年预算数',
    value: 'abc',
    message: `金额格式不正确 / Not an amount (${i})`,
  }));

  it('names the key, the period and the error count, and lists the first five errors', () => {
    const alert = uploadRejectedAlert({
      city,
      upload: { key: 'incoming/2021-06.csv', period: '2021-06', errorCount: 130, errors },
      siteUrl: 'https://budget.example.org/',
    });
    expect(alert.kind).toBe('upload-rejected');
    expect(alert.link).toBe('https://budget.example.org/uploads.html');
    expect(alert.text).toContain('上传文件被拒收：incoming/2021-06.csv（2021-06），共130处错误，以下为前5处');
    expect(alert.text).toContain(
      'Upload rejected: incoming/2021-06.csv (2021-06), 130 errors; the first 5 below',
    );
    expect(alert.text).toContain(
      '1. 第2行「全年预算数」列 / line 2, column "全年预算数" [abc]: 金额格式不正确 / Not an amount (0)',
    );
    expect(alert.text).toContain('5. 第6行');
    expect(alert.text).not.toContain('6. 第7行');
    expect(alert.details).toMatchObject({ errorCount: 130, errors: errors.slice(0, 5) });
  });

  it('handles file-level errors and unknown periods', () => {
    const alert = uploadRejectedAlert({
      city,
      upload: {
        key: 'incoming/x.csv',
        period: null,
        errorCount: 1,
        errors: [{ line: 0, column: null, value: null, message: '空文件 / Empty file' }],
      },
      siteUrl: null,
    });
    expect(alert.text).toContain('上传文件被拒收：incoming/x.csv，共1处错误。');
    expect(alert.text).toContain('1. 文件 / file: 空文件 / Empty file');
    expect(alert.link).toBe('uploads.html');
  });

  it('keeps the subject to one line of at most 100 characters', () => {
    const subject = alertSubject(
      `【${city.name}】上传被拒收 / Upload rejected: incoming/${'很长的名字'.repeat(40)}\n.csv`,
    );
    expect([...subject].length).toBe(100);
    expect(subject).not.toContain('\n');
  });
});

describe('new-warnings', () => {
  const june = report(6, [
    line({ unitCode: 'U1', projectCode: 'P1', amounts: amounts(1_000_000n, 0n, 200_000n) }), // 30 behind: red
    line({ unitCode: 'U1', projectCode: 'P2', amounts: amounts(1_000_000n, 0n, 380_000n) }), // 12 behind: yellow
    line({ unitCode: 'U2', projectCode: 'P3', amounts: amounts(1_000_000n, 0n, 600_000n) }), // ahead
  ]);

  it('lists units, projects and lines at a level, each with a stable identity', () => {
    const subjects = [...figureSubjects(june), ...lineSubjectsOf(june)];
    expect(subjects.map((s) => [announcementKey(s), s.gapPoints])).toEqual([
      ['unit|U1|red', -21],
      ['project|P2|yellow', -12], // in ranking order
      ['project|P1|red', -30],
      ['line|U1|P1|一般公共预算|red', -30],
      ['line|U1|P2|一般公共预算|yellow', -12],
    ]);
  });

  it('counts and lists what is new, with a link to the bulletin', () => {
    const alert = newWarningsAlert({
      report: june,
      fresh: freshOf(june),
      siteUrl: 'http://127.0.0.1:3000',
    });
    expect(alert.link).toBe('http://127.0.0.1:3000/reports/2021-06/bulletin.html');
    expect(alert.text).toContain('2021年6月新增预警：单位1个、项目2个、明细2条首次达到预警等级');
    expect(alert.text).toContain('New warnings for 2021-06: 1 unit(s), 2 project(s) and 2 line(s)');
    expect(alert.text).toContain(
      '- 红色预警 / Red: 项目：最低生活保障 / Project: 最低生活保障, 20.00%, -30.00',
    );
    expect(alert.subject).toBe('【乐昌市】2021-06新增预警5项 / New warnings: 5');
  });

  it('leaves out what was announced, counts every fresh subject and names only the first few', () => {
    const many = report(
      6,
      Array.from({ length: 45 }, (_, i) =>
        line({
          unitCode: 'U1',
          projectCode: `P${String(i).padStart(2, '0')}`,
          amounts: amounts(1_000_000n, 0n, 200_000n), // 30 behind: red
        }),
      ),
    );
    const announced = new Set([
      'unit|U1|red',
      'line|U1|P00|一般公共预算|red',
      'line|U1|P44|一般公共预算|red',
    ]);
    const fresh = freshOf(many, announced);
    // 45 projects and 45 lines at red; the unit and two lines were announced before.
    expect(fresh.counts).toEqual({ units: 0, projects: 45, lines: 43 });
    expect(fresh.keys).toHaveLength(88);
    expect(fresh.keys.some((key) => announced.has(key))).toBe(false);
    const alert = newWarningsAlert({ report: many, fresh, siteUrl: null });
    expect(alert.subject).toBe('【乐昌市】2021-06新增预警88项 / New warnings: 88');
    expect(alert.text).toContain('单位0个、项目45个、明细43条首次达到预警等级');
    expect(alert.text).toContain(
      `… 另有${88 - ALERT_SUBJECT_LIMIT}项 / and ${88 - ALERT_SUBJECT_LIMIT} more`,
    );
    const details = alert.details as { subjects: unknown[]; counts: unknown };
    expect(details.subjects).toHaveLength(ALERT_SUBJECT_LIMIT);
    expect(details.counts).toEqual({ units: 0, projects: 45, lines: 43 });
  });
});
