/**
 * One runtime per data directory. LevelDB (dynalite) allows a single opener and reports a
 * second one as "Database is closed" from deep inside a request; a lock file with the
 * owner's pid turns that into a sentence saying what to do.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `${dataDir} is in use by another local pipeline (pid ${pid}) / 数据目录正被另一个进程使用. ` +
        'Stop that one, or give this one its own directory, e.g. DATA_DIR=.local-2 npm start ' +
        `(if no such process runs, delete ${path.join(dataDir, 'runtime.pid')})`,
    );
  }
}

/** Whether a process with this id exists (this machine). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock (replacing one left by a crashed process); returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'runtime.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && isAlive(owner)) {
        throw new DataDirInUseError(dataDir, owner);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
