/**
 * Keys as S3 writes them into event notifications: form encoding (space → `+`, other bytes
 * outside the unreserved set → `%XX` of their UTF-8), `/` kept.
 */
export function encodeEventKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~/]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
