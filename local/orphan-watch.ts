/**
 * Stopping when `npm start` is stopped by its pid. npm runs the script as
 * npm → sh -c → tsx → node; a SIGTERM to npm reaches `sh`, which dies without passing it
 * on, and the runtime would keep the ports and the data directory as an orphan. (Ctrl-C
 * is fine: the terminal signals the whole process group.) So, under npm only, the chain
 * above this process is watched and its loss treated like a SIGTERM. Linux (/proc) only.
 */
import { readFileSync } from 'node:fs';

/** The parent pid of `pid`, or null when it cannot be read (process gone, no /proc). */
export function parentOf(pid: number): number | null {
  try {
    // Field 4 of /proc/<pid>/stat; the command name (field 2) may contain spaces, so parse after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/** Calls `onOrphaned` once if the parent or grandparent of this process goes away. */
export function watchForOrphaning(onOrphaned: () => void, intervalMs = 1_000): () => void {
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  if (grandparent === null) return () => {};
  const timer = setInterval(() => {
    if (process.ppid !== parent || parentOf(parent) !== grandparent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  // Never the reason the process stays alive.
  timer.unref();
  return () => clearInterval(timer);
}
