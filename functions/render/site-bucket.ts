/** The site bucket as render uses it. `S3SiteBucket` is the implementation. */
export interface SiteObject {
  key: string;
  /** Text (pages, JSON, CSV) or bytes (the self-evaluation's .xlsx and .docx). */
  body: string | Uint8Array;
  contentType: string;
  cacheControl: string;
  /** For files people download: the name to save them under (shared/render/download-name.ts). */
  contentDisposition?: string;
}

export interface SiteBucket {
  put(object: SiteObject): Promise<void>;
  remove(key: string): Promise<void>;
  /** Every object key under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Period ids that have objects under `reports/<id>/`. */
  listReportPeriods(): Promise<string[]>;
}
