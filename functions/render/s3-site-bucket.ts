/** `SiteBucket` on S3 (or s3rver). */
import {
  DeleteObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isPeriodId } from '../../shared/period-id';
import { S3ObjectWriter } from './s3-object-writer';
import type { SiteBucket, SiteObject, SiteObjectWriter } from './site-bucket';

const REPORTS_PREFIX = 'reports/';

export class S3SiteBucket implements SiteBucket {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(object: SiteObject): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        CacheControl: object.cacheControl,
        ContentDisposition: object.contentDisposition,
      }),
    );
  }

  openWriter(object: Omit<SiteObject, 'body'>): SiteObjectWriter {
    return new S3ObjectWriter(this.client, this.bucket, object);
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: prefix },
    )) {
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    }
    return keys.sort();
  }

  async listReportPeriods(): Promise<string[]> {
    const periods: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: REPORTS_PREFIX, Delimiter: '/' },
    );
    for await (const page of pages) {
      for (const prefix of page.CommonPrefixes ?? []) {
        const id = prefix.Prefix?.slice(REPORTS_PREFIX.length).replace(/\/$/, '') ?? '';
        if (isPeriodId(id)) periods.push(id);
      }
    }
    return periods.sort();
  }
}
