/**
 * Local mode is for this machine's user only (docs/contract.md §6.1). s3rver accepts unsigned requests
 * and dynalite checks no signature and answers CORS with `*`, so any web page the user opens
 * could POST into them (a simple cross-site request needs no preflight). In front of both sits
 * this guard: it refuses what only a browser sends across sites (an `Origin` header, or
 * `Sec-Fetch-Site` other than `same-origin`/`none`) and anything without AWS credentials in the
 * form the SDK and CLI send them — a SigV4 (or SigV2) `Authorization` header, or a presigned URL.
 * A page cannot add an `Authorization` header without a CORS preflight, and the preflight
 * carries `Origin`, so it is refused too.
 *
 * DNS rebinding: a page on a name the attacker points at 127.0.0.1 is same-origin with itself,
 * sends no `Origin` on a GET, and could read through a presigned URL signed with the public
 * S3RVER key. Its requests carry that name in `Host`, so a `Host` that is not the loopback name
 * or address this machine listens on is refused, on every local port (the site server too).
 */
import type { IncomingMessage, RequestListener } from 'node:http';

const SIGNED_HEADER = /^(AWS4-HMAC-SHA256 Credential=\S+|AWS \S+:\S+)/;

function hasAwsCredentials(req: IncomingMessage): boolean {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && SIGNED_HEADER.test(authorization)) return true;
  const query = new URL(req.url ?? '/', 'http://local').searchParams;
  // Presigned URLs: SigV4 (`X-Amz-Credential` + `X-Amz-Signature`) or SigV2 (`AWSAccessKeyId` + `Signature`).
  return (
    (query.has('X-Amz-Credential') && query.has('X-Amz-Signature')) ||
    (query.has('AWSAccessKeyId') && query.has('Signature'))
  );
}

/** `127.0.0.1`, `localhost` (and its subdomains: they resolve to loopback only), `[::1]`, with any port. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|[a-z0-9.-]+\.localhost|\[::1\])(?::\d{1,5})?$/i;

/** Why a request's `Host` is refused (DNS rebinding), or null for this machine's loopback. */
export function hostRefusal(req: IncomingMessage): string | null {
  const host = req.headers.host;
  if (host === undefined) return 'a request without a Host header';
  if (!LOOPBACK_HOST.test(host)) return `a request for another host name (Host: ${host.slice(0, 100)})`;
  return null;
}

/** Why the request is refused, or null when it may pass. */
export function localRequestRefusal(req: IncomingMessage): string | null {
  const host = hostRefusal(req);
  if (host !== null) return host;
  if (req.headers.origin !== undefined) return 'a browser request from a web page (Origin header)';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `a browser request from another site (Sec-Fetch-Site: ${String(site)})`;
  }
  if (!hasAwsCredentials(req)) return 'no AWS credentials (a signed Authorization header or a presigned URL)';
  return null;
}

/** `handler`, behind the guard: refused requests get a 403 and never reach the emulator. */
export function guardLocalRequests(handler: RequestListener, service: string): RequestListener {
  return (req, res) => {
    const refusal = localRequestRefusal(req);
    if (refusal === null) {
      handler(req, res);
      return;
    }
    // Unread bodies are drained so the connection can close cleanly.
    req.resume();
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(
      `${service}: refused ${refusal}. Local mode serves this machine's AWS clients only ` +
        `(aws --endpoint-url, the SDK, npx budget) / 本地模式只接受本机 AWS 客户端的签名请求\n`,
    );
  };
}
