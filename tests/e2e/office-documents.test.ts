/**
 * Every document the pipeline generates opens in a real office suite: LibreOffice (Debian's
 * libreoffice-writer-nogui and libreoffice-calc-nogui, installed by .ci/run) prints each
 * .xlsx and .docx to PDF headless, and the PDF must exist and be a non-empty PDF. The
 * documents are drawn by the same functions render publishes them with, from the Lechang 2021
 * examples.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBulletinDocx } from '../../shared/render/bulletin-docx';
import { buildBulletin } from '../../shared/render/bulletin-notice';
import { warningStreaks } from '../../shared/report/warning-streaks';
import { renderSelfEvaluationReport } from '../../shared/self-evaluation/self-evaluation-report';
import { renderSelfEvaluationWorkbook } from '../../shared/self-evaluation/self-evaluation-workbook';
import { DEFAULT_OPTIONS, lechangLines, report } from '../unit/shared/report/helpers';
import { lechangEvaluation } from '../unit/shared/self-evaluation/lechang-evaluation';

/** The generated documents, by file name. */
async function documents(): Promise<[string, Uint8Array][]> {
  const evaluation = await lechangEvaluation();
  const june = await lechangEvaluation(undefined, 6);
  const period = report(6, await lechangLines(6), null, DEFAULT_OPTIONS);
  const bulletin = buildBulletin({
    report: period,
    streaks: warningStreaks(period, null),
    previousMonth: null,
    issuer: '乐昌市民政局',
    interviewAfterMonths: 2,
  });
  return [
    ['bulletin.docx', await renderBulletinDocx(bulletin, '乐昌市民政局')],
    ['self-evaluation.xlsx', await renderSelfEvaluationWorkbook(evaluation, '2022-01-05T00:00:00.000Z')],
    ['report.docx', await renderSelfEvaluationReport(evaluation)],
    ['self-evaluation-june.xlsx', await renderSelfEvaluationWorkbook(june, '2021-07-05T00:00:00.000Z')],
  ];
}

describe('generated documents open in LibreOffice', () => {
  it('prints every .xlsx and .docx to a non-empty PDF, headless', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'office-'));
    const files = (await documents()).map(([name, bytes]) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    });
    // A profile of its own, so a desktop LibreOffice (or a parallel run) never locks this one.
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        join(dir, 'pdf'),
        ...files,
      ],
      { stdio: 'pipe', timeout: 170_000 },
    );
    for (const file of files) {
      const pdf = join(dir, 'pdf', `${file.slice(dir.length + 1).replace(/\.(xlsx|docx)$/, '')}.pdf`);
      expect(statSync(pdf, { throwIfNoEntry: false })?.size ?? 0, pdf).toBeGreaterThan(1000);
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });
});
