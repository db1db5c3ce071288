/** How render's objects are typed and cached: one home for content types and cache headers. */
import type { SiteObject } from './site-bucket';

export const HTML_TYPE = 'text/html; charset=utf-8';
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Snapshots change whenever an upload does; browsers and CloudFront should look again soon. */
export const SHORT_CACHE = 'public, max-age=60, must-revalidate';

export const htmlObject = (key: string, body: string): SiteObject => ({
  key,
  body,
  contentType: HTML_TYPE,
  cacheControl: SHORT_CACHE,
});

export const csvObject = (key: string, body: string): SiteObject => ({
  key,
  body,
  contentType: CSV_TYPE,
  cacheControl: SHORT_CACHE,
});

export const jsonObject = (key: string, value: unknown): SiteObject => ({
  key,
  body: `${JSON.stringify(value, null, 2)}\n`,
  contentType: JSON_TYPE,
  cacheControl: SHORT_CACHE,
});

export const docxObject = (key: string, body: Uint8Array): SiteObject => ({
  key,
  body,
  contentType: DOCX_TYPE,
  cacheControl: SHORT_CACHE,
});

/** Where a period's objects live; everything under it belongs to that period. */
export const periodPrefix = (id: string): string => `reports/${id}/`;
