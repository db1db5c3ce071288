/**
 * The peak resident set size of this process. On Linux the kernel keeps it (`VmHWM` in
 * /proc/self/status), exact however short the peak; elsewhere it is sampled every 50 ms.
 */
import { readFileSync } from 'node:fs';

function kernelPeakBytes(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

export interface PeakRss {
  /** Highest RSS seen so far, in bytes. */
  bytes(): number;
  stop(): void;
}

export function watchPeakRss(intervalMs = 50): PeakRss {
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    bytes: () => Math.max(kernelPeakBytes() ?? 0, sampled, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}
