/**
 * The uploads pages: every upload the pipeline has seen, what became of it and, for a refused
 * file, every problem with its line, column and value, so nobody needs the AWS console to
 * learn why a file was rejected. Paged by the month an upload was processed, latest first:
 * `uploads/<YYYY-MM>.html` per month, `uploads.html` the latest month, each linking the others,
 * so no page grows with the history.
 */
import { type Bilingual, bi } from './bilingual';
import { dataTable } from './data-table';
import { html, type SafeHtml } from './html';
import { localTimeElement, renderPage } from './page-layout';

export interface UploadIssueView {
  line: number;
  column: string | null;
  /** Workbooks only: the cell as Excel names it (`G12`). */
  cell?: string | undefined;
  value: string | null;
  message: string;
}

export type UploadStatusView = 'accepted' | 'rejected' | 'superseded' | 'deleted' | 'pending';

export interface UploadView {
  key: string;
  status: UploadStatusView;
  /** Period of the latest version, when known. */
  period: string | null;
  /** Period whose report uses this key's data (a rejected re-upload keeps the old data live). */
  livePeriod: string | null;
  rows: number;
  sha256: string | null;
  processedAt: string | null;
  errors: UploadIssueView[];
  errorCount: number;
  warnings: UploadIssueView[];
}

export interface UploadsPageInput {
  city: { id: string; name: string };
  generatedAt: string;
  /** The city's time zone, in which 处理时间 and 生成时间 are written (default Asia/Shanghai). */
  timeZone?: string | undefined;
  uploads: UploadView[];
  /**
   * Which month's page this is. `months` (every month with uploads) is listed on the latest
   * page only (`uploads.html`); a month's own page links there, so adding or dropping a month
   * redraws one page, not all of them.
   */
  paging?: {
    month: string;
    months: string[] | null;
    /** Relative path from this page to the site root, '' or '../'. */
    root: string;
  };
}

/** Where a month's uploads page lives. */
export const uploadsMonthPage = (month: string): string => `uploads/${month}.html`;

function monthNav(paging: NonNullable<UploadsPageInput['paging']>): SafeHtml {
  if (paging.months === null) {
    return html`<p><a href="${paging.root}uploads.html">${bi('最新上传记录及全部月份', 'Latest uploads and every month')}</a></p>`;
  }
  const months = [...paging.months].sort().reverse();
  const items = months.map((month) =>
    month === paging.month
      ? html`<li><strong aria-current="page">${month}</strong></li>`
      : html`<li><a href="${paging.root}${uploadsMonthPage(month)}">${month}</a></li>`,
  );
  return html`<nav aria-labelledby="months"><h2 id="months">${bi('按处理月份（最新在前）', 'By month processed (latest first)')}</h2>
<ul class="months">${items}</ul></nav>`;
}

const STATUS_LABELS: Record<UploadStatusView, Bilingual> = {
  accepted: { zh: '已接收', en: 'Accepted' },
  rejected: { zh: '已拒绝', en: 'Rejected' },
  superseded: { zh: '已被新版本取代', en: 'Superseded' },
  deleted: { zh: '已删除', en: 'Deleted' },
  pending: { zh: '处理中', en: 'Processing' },
};

function issueTable(caption: Bilingual, issues: UploadIssueView[]): SafeHtml {
  return dataTable<UploadIssueView>({
    caption,
    columns: [
      {
        label: { zh: '行', en: 'Line' },
        numeric: true,
        cell: (issue) => (issue.line === 0 ? '—' : issue.line),
      },
      { label: { zh: '列', en: 'Column' }, cell: (issue) => issue.column ?? '—' },
      { label: { zh: '单元格', en: 'Cell' }, cell: (issue) => issue.cell ?? '—' },
      {
        label: { zh: '值', en: 'Value' },
        cell: (issue) => (issue.value === null ? '—' : html`<code>${issue.value}</code>`),
      },
      { label: { zh: '说明', en: 'Message' }, cell: (issue) => issue.message },
    ],
    rows: issues,
  });
}

function details(upload: UploadView, index: number): SafeHtml | '' {
  if (upload.errors.length === 0 && upload.warnings.length === 0) return '';
  const more = upload.errorCount - upload.errors.length;
  return html`<details id="upload-${index}"${upload.status === 'rejected' ? html` open` : ''}>
<summary><span class="mono">${upload.key}</span> — ${bi(`${upload.errorCount}个错误，${upload.warnings.length}个提示`, `${upload.errorCount} error(s), ${upload.warnings.length} warning(s)`)}</summary>
${upload.errors.length > 0 ? issueTable({ zh: `${upload.key} 的错误`, en: `Errors in ${upload.key}` }, upload.errors) : ''}
${more > 0 ? html`<p>${bi(`另有${more}个错误未列出。`, `${more} more error(s) not listed.`)}</p>` : ''}
${upload.warnings.length > 0 ? issueTable({ zh: `${upload.key} 的提示`, en: `Warnings for ${upload.key}` }, upload.warnings) : ''}
</details>`;
}

export function renderUploadsPage(input: UploadsPageInput): string {
  const root = input.paging?.root ?? '';
  const uploads = [...input.uploads].sort(
    (a, b) => (b.processedAt ?? '').localeCompare(a.processedAt ?? '') || a.key.localeCompare(b.key),
  );
  const body =
    uploads.length === 0
      ? html`<p>${bi('还没有上传记录。', 'No uploads yet.')}</p>`
      : html`${dataTable<{ u: UploadView; i: number }>({
          caption: {
            zh: '上传文件及处理结果（最新在前）',
            en: 'Uploaded files and their outcome (latest first)',
          },
          columns: [
            { label: { zh: '文件', en: 'File' }, cell: ({ u }) => html`<span class="mono">${u.key}</span>` },
            {
              label: { zh: '状态', en: 'Status' },
              cell: ({ u }) =>
                html`<span class="status status-${u.status}">${bi(STATUS_LABELS[u.status].zh, STATUS_LABELS[u.status].en)}</span>`,
            },
            { label: { zh: '期间', en: 'Period' }, cell: ({ u }) => u.period ?? '—' },
            {
              label: { zh: '在用数据期间', en: 'Live data' },
              cell: ({ u }) =>
                u.livePeriod === null
                  ? '—'
                  : html`<a href="${root}reports/${u.livePeriod}/index.html">${u.livePeriod}</a>`,
            },
            { label: { zh: '行数', en: 'Rows' }, numeric: true, cell: ({ u }) => u.rows },
            {
              label: { zh: 'SHA-256', en: 'SHA-256' },
              cell: ({ u }) =>
                u.sha256 === null
                  ? '—'
                  : html`<span class="mono" title="${u.sha256}">${u.sha256.slice(0, 12)}</span>`,
            },
            {
              label: { zh: '处理时间', en: 'Processed' },
              cell: ({ u }) =>
                u.processedAt === null ? '—' : localTimeElement(u.processedAt, input.timeZone),
            },
            {
              label: { zh: '问题', en: 'Problems' },
              numeric: true,
              cell: ({ u, i }) =>
                u.errorCount + u.warnings.length === 0
                  ? '0'
                  : html`<a href="#upload-${i}">${u.errorCount + u.warnings.length}</a>`,
            },
          ],
          rows: uploads.map((u, i) => ({ u, i })),
        })}
<section aria-labelledby="problems">
<h2 id="problems">${bi('问题明细', 'Problems in detail')}</h2>
${uploads.some((u) => u.errors.length + u.warnings.length > 0) ? uploads.map(details) : html`<p>${bi('没有问题。', 'No problems.')}</p>`}
</section>`;
  const month = input.paging?.month;
  return renderPage({
    title:
      month === undefined
        ? { zh: '上传记录', en: 'Uploads' }
        : { zh: `上传记录（${month}）`, en: `Uploads, ${month}` },
    cityName: input.city.name,
    root,
    body:
      input.paging === undefined
        ? body
        : html`${monthNav(input.paging)}
${body}`,
    generatedAt: input.generatedAt,
    timeZone: input.timeZone,
  });
}
