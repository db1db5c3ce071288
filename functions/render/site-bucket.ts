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

/**
 * An object written piece by piece (lines.csv of a 200,000-line period): nothing of it is
 * visible until `close` resolves, and `abort` leaves no object behind (as a multipart upload).
 */
export interface SiteObjectWriter {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export interface SiteBucket {
  put(object: SiteObject): Promise<void>;
  /** Starts an object written as a stream, in bounded memory. */
  openWriter(object: Omit<SiteObject, 'body'>): SiteObjectWriter;
  remove(key: string): Promise<void>;
  /** Every object key under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Period ids that have objects under `reports/<id>/`. */
  listReportPeriods(): Promise<string[]>;
}
