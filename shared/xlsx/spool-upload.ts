/**
 * A zip is read from its end (the central directory) and then part by part wherever each part
 * lies, so a workbook arriving as a stream is first copied to a temporary file. Why a file and
 * not memory or ranged reads: memory would grow with the upload (up to `maxFileBytes`, 512 MiB),
 * and ranged GETs would cost one S3 request per directory read, local header and part, where the
 * file costs one sequential GET (what the CSV path makes anyway) and local reads at disk speed.
 * The record-source seam stays one byte stream for both formats. The Lambda's /tmp is sized for
 * the largest upload (infra: `ephemeralStorageSize`).
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkbookRefusedError } from './zip-guard';

export interface SpooledUpload {
  path: string;
  bytes: number;
  /** Removes the file (always call it, also after a failure). */
  remove: () => Promise<void>;
}

/** Copies `input` to a fresh temporary file, refusing it once past `maxFileBytes`. */
export async function spoolUpload(
  input: AsyncIterable<Uint8Array>,
  maxFileBytes: number,
): Promise<SpooledUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'workbook-'));
  const path = join(dir, 'upload.xlsx');
  const remove = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  try {
    const file = await open(path, 'w');
    try {
      for await (const chunk of input) {
        bytes += chunk.byteLength;
        // The detail is how much was read when it stopped.
        if (bytes > maxFileBytes) throw new WorkbookRefusedError('fileTooLarge', String(bytes));
        await file.write(chunk);
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, bytes, remove };
}
