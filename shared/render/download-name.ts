/**
 * What a downloaded file is called on the user's disk: named for the department and the year
 * (`乐昌市民政局-2021-绩效自评表.xlsx`), not for its place in the bucket (`self-evaluation.xlsx`),
 * so a folder of downloads from several years or bureaus stays readable. The name travels twice:
 * as the link's `download` attribute, and as the object's Content-Disposition (RFC 6266 with the
 * RFC 5987 `filename*` form, which keeps the Chinese name; the plain `filename` is an ASCII fallback
 * for clients that know only that).
 */

export interface DownloadName {
  /** `乐昌市民政局-2021-绩效自评表.xlsx` */
  fileName: string;
  /** `self-evaluation-2021.xlsx` */
  asciiFallback: string;
}

/** Characters a file name may not hold on Windows, macOS or Linux. */
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|]/g;

/** Control characters (C0 and DEL), which no file name should hold either. */
const isControl = (ch: string) => (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f';

export function downloadName(
  departmentName: string,
  year: number,
  document: { zh: string; ascii: string },
  extension: string,
): DownloadName {
  const department = [...departmentName.replace(UNSAFE_IN_FILE_NAMES, '')]
    .filter((ch) => !isControl(ch))
    .join('')
    .trim();
  return {
    fileName: `${department === '' ? '' : `${department}-`}${year}-${document.zh}.${extension}`,
    asciiFallback: `${document.ascii}-${year}.${extension}`,
  };
}

/** RFC 5987 `attr-char` leaves out `'()*` too, which encodeURIComponent keeps. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment; filename="self-evaluation-2021.xlsx"; filename*=UTF-8''%E4%B9%90…` */
export function contentDisposition(name: DownloadName): string {
  const fallback = name.asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name.fileName)}`;
}

/** The self-evaluation's two documents people submit and edit. */
export const SELF_EVALUATION_DOWNLOADS = {
  workbook: { document: { zh: '绩效自评表', ascii: 'self-evaluation' }, extension: 'xlsx' },
  report: { document: { zh: '绩效自评报告', ascii: 'self-evaluation-report' }, extension: 'docx' },
} as const;

export function selfEvaluationDownloadName(
  file: keyof typeof SELF_EVALUATION_DOWNLOADS,
  departmentName: string,
  year: number,
): DownloadName {
  const { document, extension } = SELF_EVALUATION_DOWNLOADS[file];
  return downloadName(departmentName, year, document, extension);
}
