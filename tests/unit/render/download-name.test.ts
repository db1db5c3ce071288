import { describe, expect, it } from 'vitest';
import {
  contentDisposition,
  downloadName,
  selfEvaluationDownloadName,
} from '../../../shared/render/download-name';

describe('download names', () => {
  it('name the self-evaluation files for the department and the year', () => {
    expect(selfEvaluationDownloadName('workbook', '乐昌市民政局', 2021)).toEqual({
      fileName: '乐昌市民政局-2021-绩效自评表.xlsx',
      asciiFallback: 'self-evaluation-2021.xlsx',
    });
    expect(selfEvaluationDownloadName('report', '乐昌市民政局', 2021).fileName).toBe(
      '乐昌市民政局-2021-绩效自评报告.docx',
    );
  });

  it('leave out characters no file system takes', () => {
    const name = downloadName('民政局/社会救助股: "试点"', 2022, { zh: '绩效自评表', ascii: 'x' }, 'xlsx');
    expect(name.fileName).toBe('民政局社会救助股 试点-2022-绩效自评表.xlsx');
  });

  it('keep the Chinese name in Content-Disposition (RFC 5987 filename*), with an ASCII fallback', () => {
    const header = contentDisposition(selfEvaluationDownloadName('workbook', '乐昌市民政局', 2021));
    expect(header).toBe(
      `attachment; filename="self-evaluation-2021.xlsx"; filename*=UTF-8''${encodeURIComponent('乐昌市民政局-2021-绩效自评表.xlsx')}`,
    );
    // Only visible ASCII in a header value; the encoded name decodes back to the file name.
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    const encoded = header.slice(header.indexOf("UTF-8''") + 7);
    expect(decodeURIComponent(encoded)).toBe('乐昌市民政局-2021-绩效自评表.xlsx');
    expect(contentDisposition({ fileName: "a'(b)*.xlsx", asciiFallback: 'a.xlsx' })).toContain(
      "filename*=UTF-8''a%27%28b%29%2A.xlsx",
    );
  });
});
