/**
 * Serves the site bucket over HTTP the way CloudFront serves it on AWS: the same paths as
 * the object keys, `index.html` for a directory path, the stored Content-Type (with
 * charset, or Chinese turns to mojibake), and a 404 page. Objects are read through the S3
 * API, so the local site shows exactly what render wrote.
 */
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  type S3Client,
} from '@aws-sdk/client-s3';
import { errorMessage } from './error-message';
import { closeServer, listenLocal } from './ports';
import { hostRefusal } from './request-guard';

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Types a browser decodes as text: they need an explicit charset. */
function isTextual(type: string): boolean {
  return /^text\/|^application\/(json|javascript|xml)|^image\/svg\+xml/.test(type);
}

/**
 * The Content-Type to send: the object's own unless it is missing or the generic binary
 * default s3rver assigns when a client sent none; then by extension. Text types always
 * carry `charset=utf-8`.
 */
export function contentTypeFor(key: string, stored: string | undefined): string {
  const generic =
    stored === undefined || /^(binary|application)\/octet-stream\b/.test(stored) || stored === '';
  const type = generic
    ? (TYPES_BY_EXTENSION[path.posix.extname(key).toLowerCase()] ?? 'application/octet-stream')
    : stored;
  if (isTextual(type) && !/;\s*charset=/i.test(type)) return `${type}; charset=utf-8`;
  return type;
}

/**
 * Maps a request path to an object key, or null when the path tries to leave the bucket
 * root or is malformed. A directory path (`/`, `/reports/2021-12/`) maps to its index.html.
 */
export function keyForPath(rawPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.slice(1).split('/');
  // Empty inner segments (`//`) and dot segments have no object behind them on S3 either.
  for (const [i, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return null;
    if (segment === '' && i !== segments.length - 1) return null;
  }
  const key = segments.join('/');
  return key === '' || key.endsWith('/') ? `${key}index.html` : key;
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>页面不存在 / Not found</title></head>
<body>
<main>
<h1>页面不存在 <span lang="en">/ Page not found</span></h1>
<p>这个地址没有报表。可能该期数据尚未上传或尚未处理完毕。</p>
<p lang="en">There is no report at this address. The period may not have been uploaded or processed yet.</p>
<p><a href="/">返回首页 <span lang="en">/ Back to the index</span></a></p>
</main>
</body>
</html>
`;

function isMissing(err: unknown): boolean {
  return (
    err instanceof NoSuchKey || err instanceof NotFound || (err instanceof Error && err.name === 'NoSuchKey')
  );
}

export interface SiteServerOptions {
  s3: S3Client;
  bucket: string;
  port: number;
  /** Awaited before each request is answered (the runtime lets queued renders finish first). */
  beforeServe?: () => Promise<void>;
}

export interface SiteServer {
  port: number;
  close(): Promise<void>;
}

export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const { s3, bucket } = options;

  async function exists(key: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async function sendObject(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    key: string,
    status: number,
  ): Promise<boolean> {
    let object: GetObjectCommandOutput;
    try {
      object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': contentTypeFor(key, object.ContentType),
      // Reports change whenever a file is uploaded: always revalidate.
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    // A download's name (乐昌市民政局-2021-绩效自评表.xlsx), as CloudFront passes it on from S3.
    if (object.ContentDisposition) headers['Content-Disposition'] = object.ContentDisposition;
    if (object.ETag) headers.ETag = object.ETag;
    if (object.LastModified) headers['Last-Modified'] = object.LastModified.toUTCString();
    const body = object.Body instanceof Readable ? object.Body : undefined;
    if (status === 200 && object.ETag && req.headers['if-none-match'] === object.ETag) {
      body?.destroy();
      res.writeHead(304, headers).end();
      return true;
    }
    if (object.ContentLength !== undefined) headers['Content-Length'] = object.ContentLength;
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || body === undefined) {
      body?.destroy();
      res.end();
      return true;
    }
    body.pipe(res);
    await new Promise<void>((resolve) => {
      res.on('close', resolve);
      body.on('error', () => res.destroy());
    });
    return true;
  }

  async function notFound(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (await sendObject(req, res, '404.html', 404)) return;
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : NOT_FOUND_PAGE);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    await options.beforeServe?.();
    const url = new URL(req.url ?? '/', 'http://local');
    const key = keyForPath(url.pathname);
    if (key === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path / 路径无效\n');
      return;
    }
    if (await sendObject(req, res, key, 200)) return;
    // `/reports/2021-12` without the slash: CloudFront setups redirect to the directory.
    if (
      !url.pathname.endsWith('/') &&
      path.posix.extname(key) === '' &&
      (await exists(`${key}/index.html`))
    ) {
      res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    await notFound(req, res);
  }

  const server = http.createServer((req, res) => {
    // DNS rebinding (docs/contract.md §6.1): only this machine's loopback names are served.
    const refusal = hostRefusal(req);
    if (refusal !== null) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`site server: refused ${refusal} / 本地站点只接受本机地址（127.0.0.1、localhost）的请求\n`);
      return;
    }
    handle(req, res).catch((err: unknown) => {
      const message = errorMessage(err);
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`S3 emulator error / 存储错误: ${message}\n`);
      } else {
        res.destroy();
      }
    });
  });
  const port = await listenLocal(server, options.port, 'site server', 'PORT');
  return { port, close: () => closeServer(server) };
}
