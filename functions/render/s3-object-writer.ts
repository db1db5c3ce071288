/**
 * `SiteObjectWriter` on S3: text is buffered up to one part (8 MiB; S3's minimum part is 5 MiB)
 * and sent as a multipart upload, so memory holds one part whatever the object's size. An
 * object that stays under one part is sent with a single PutObject. Nothing is visible before
 * `close` (CompleteMultipartUpload); `abort` drops the upload, and where the store cannot
 * (s3rver has no AbortMultipartUpload) the bucket's lifecycle rule removes the parts.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { SiteObject, SiteObjectWriter } from './site-bucket';

export const PART_BYTES = 8 * 1024 * 1024;

export class S3ObjectWriter implements SiteObjectWriter {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private uploadId: string | null = null;
  private readonly parts: { ETag: string; PartNumber: number }[] = [];

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly object: Omit<SiteObject, 'body'>,
    private readonly partBytes = PART_BYTES,
  ) {}

  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= this.partBytes) await this.sendPart();
  }

  async close(): Promise<void> {
    if (this.uploadId === null) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.object.key,
          Body: this.take(),
          ContentType: this.object.contentType,
          CacheControl: this.object.cacheControl,
        }),
      );
      return;
    }
    if (this.buffered > 0) await this.sendPart();
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: this.object.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
  }

  async abort(): Promise<void> {
    this.take();
    const uploadId = this.uploadId;
    if (uploadId === null) return;
    this.uploadId = null;
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.object.key, UploadId: uploadId }),
      );
    } catch {
      // Nothing was published; the lifecycle rule (abort incomplete uploads) removes the parts.
    }
  }

  private take(): Buffer {
    const body = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return body;
  }

  private async sendPart(): Promise<void> {
    if (this.uploadId === null) {
      const created = await this.client.send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.object.key,
          ContentType: this.object.contentType,
          CacheControl: this.object.cacheControl,
        }),
      );
      if (created.UploadId === undefined) throw new Error(`no upload id for ${this.object.key}`);
      this.uploadId = created.UploadId;
    }
    const PartNumber = this.parts.length + 1;
    const body = this.take();
    const sent = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.object.key,
        UploadId: this.uploadId,
        PartNumber,
        Body: body,
        ContentLength: body.length,
      }),
    );
    if (sent.ETag === undefined) throw new Error(`no ETag for part ${PartNumber} of ${this.object.key}`);
    this.parts.push({ ETag: sent.ETag, PartNumber });
  }
}
