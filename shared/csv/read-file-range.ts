/**
 * Bytes [start, end) of a file, read into one buffer that is reused for every chunk: a reader of
 * this must be done with a chunk before it asks for the next (`CsvRecordReader` is: it copies
 * what it keeps). A stream would allocate each chunk anew, and on a worker thread those
 * allocations come from the thread's own malloc arena, which keeps tens of MB of resident
 * memory after the thread has ended.
 *
 * Read synchronously: only `budget validate` reads files this way, on a thread (or the CLI's
 * main thread) that has nothing else to do meanwhile, and each asynchronous read of the page
 * cache cost the reading thread as much as the read itself (a CPU profile: ~0.75 s of a 166 MB
 * file's ~5 s in `FileHandle.read`, against ~0.05 s read synchronously).
 */
import { closeSync, openSync, readSync } from 'node:fs';

export async function* readFileRange(
  file: string,
  start: number,
  end: number,
  chunkBytes = 1 << 16,
): AsyncGenerator<Uint8Array> {
  if (end <= start) return;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, end - start));
    for (let position = start; position < end; ) {
      const bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, end - position), position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}
