/** The site bucket as render uses it. `S3SiteBucket` is the implementation. */
export interface SiteObject {
  key: string;
  body: string;
  contentType: string;
  cacheControl: string;
}

export interface SiteBucket {
  put(object: SiteObject): Promise<void>;
  remove(key: string): Promise<void>;
  /** Period ids that have objects under `reports/<id>/`. */
  listReportPeriods(): Promise<string[]>;
}
