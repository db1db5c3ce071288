/**
 * `upload-rejected`: a file was refused. The key, the period, how many errors and the first
 * five (located as the uploads page shows them), and a link to the uploads page. The messages
 * of the errors are already bilingual (`中文 / English`).
 */
import { type Alert, alertSubject, siteLink } from './alert';

export interface RejectedUpload {
  key: string;
  period: string | null;
  errorCount: number;
  errors: readonly { line: number; column: string | null; value: string | null; message: string }[];
}

export const ALERT_ERROR_LIMIT = 5;

function where(error: RejectedUpload['errors'][number]): { zh: string; en: string } {
  const line =
    error.line > 0 ? { zh: `第${error.line}行`, en: `line ${error.line}` } : { zh: '文件', en: 'file' };
  const column = error.column === null ? null : error.column;
  return {
    zh: `${line.zh}${column === null ? '' : `「${column}」列`}`,
    en: `${line.en}${column === null ? '' : `, column "${column}"`}`,
  };
}

export function uploadRejectedAlert(input: {
  city: { id: string; name: string };
  upload: RejectedUpload;
  siteUrl: string | null;
}): Alert {
  const { city, upload } = input;
  const link = siteLink(input.siteUrl, 'uploads.html');
  const first = upload.errors.slice(0, ALERT_ERROR_LIMIT);
  const periodZh = upload.period === null ? '' : `（${upload.period}）`;
  const periodEn = upload.period === null ? '' : ` (${upload.period})`;
  const list = first.map((error, i) => {
    const at = where(error);
    const value = error.value === null ? '' : ` [${error.value}]`;
    return `${i + 1}. ${at.zh} / ${at.en}${value}: ${error.message}`;
  });
  const more = upload.errorCount > first.length;
  const text = [
    `【${city.name}】上传文件被拒收：${upload.key}${periodZh}，共${upload.errorCount}处错误${more ? `，以下为前${first.length}处` : ''}。整个文件未入库，请改正后重新上传同名文件。`,
    `详情：${link}`,
    '',
    `[${city.name}] Upload rejected: ${upload.key}${periodEn}, ${upload.errorCount} error${upload.errorCount === 1 ? '' : 's'}${more ? `; the first ${first.length} below` : ''}. Nothing of the file was stored; correct it and upload it again under the same name.`,
    `Details: ${link}`,
    '',
    ...list,
  ].join('\n');
  return {
    kind: 'upload-rejected',
    city,
    subject: alertSubject(`【${city.name}】上传被拒收 / Upload rejected: ${upload.key}`),
    text,
    link,
    details: { key: upload.key, period: upload.period, errorCount: upload.errorCount, errors: first },
  };
}
