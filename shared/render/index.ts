export { BOM, neutraliseFormula } from './csv-cell';
export { escapeHtml, html, SafeHtml } from './html';
export { renderLinesCsv } from './lines-csv';
export {
  buildPeriodIndex,
  type PeriodIndex,
  type PeriodIndexEntry,
  renderPeriodIndexJson,
} from './period-index';
export { type ReportPageContext, renderReportPage } from './report-page';
export { renderSiteIndexPage } from './site-index-page';
export type { TrendPoint } from './svg-progress-trend';
export {
  renderUploadsPage,
  type UploadStatusView,
  type UploadsPageInput,
  type UploadView,
} from './uploads-page';
