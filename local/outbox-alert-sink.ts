/**
 * Local mode's alert delivery (docs/contract.md §5.1): each alert becomes `<DATA_DIR>/outbox/<time>-<kind>.json`
 * and one console line, so a user sees what the city's subscribers would have been e-mailed.
 * Files are created exclusively (`wx`), never overwritten: two alerts in one millisecond get
 * `-2`, `-3` … suffixes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AlertSink } from '../functions/alerts/alert-sink';
import type { Alert } from '../shared/alerts/alert';

export class OutboxAlertSink implements AlertSink {
  constructor(
    private readonly directory: string,
    private readonly log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(alert: Alert): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const stamp = this.now().toISOString().replace(/:/g, '-');
    const body = `${JSON.stringify({ ...alert, createdAt: this.now().toISOString() }, null, 2)}\n`;
    for (let attempt = 1; ; attempt++) {
      const file = path.join(
        this.directory,
        `${stamp}${attempt === 1 ? '' : `-${attempt}`}-${alert.kind}.json`,
      );
      try {
        await writeFile(file, body, { flag: 'wx' });
        this.log(`alert ${alert.kind}: ${alert.subject} → ${file}`);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 1_000) throw error;
      }
    }
  }
}
