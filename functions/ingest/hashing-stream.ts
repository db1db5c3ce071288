/**
 * Passes bytes through while hashing them, so a file is read once and never held whole in
 * memory. The digest exists only if the reader consumed the stream to its end: a validator
 * that stopped early (binary file, size limit) saw a prefix, and a hash of a prefix would
 * mislead whoever compares it with the file on their disk.
 */
import { createHash } from 'node:crypto';

export interface HashingStream {
  chunks: AsyncIterable<Uint8Array>;
  /** Hex SHA-256 of everything, or null when the stream was not read to the end. */
  digest(): string | null;
}

export function hashingStream(source: AsyncIterable<Uint8Array>): HashingStream {
  const hash = createHash('sha256');
  let complete = false;
  async function* pass(): AsyncIterable<Uint8Array> {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
    complete = true;
  }
  let digest: string | null = null;
  return {
    chunks: pass(),
    digest: () => {
      if (!complete) return null;
      digest ??= hash.digest('hex');
      return digest;
    },
  };
}

/** Hex SHA-256 of a whole stream, read to its end and dropped chunk by chunk. */
export async function sha256Of(source: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk);
  return hash.digest('hex');
}
