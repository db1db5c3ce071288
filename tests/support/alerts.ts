/** Alert doubles for handler tests: a ledger in memory and a sink that keeps what it is given. */
import type { AlertDeps } from '../../functions/alerts/alert-deps';
import type { AlertSink } from '../../functions/alerts/alert-sink';
import type { AlertLedger, AnnouncedWarnings } from '../../functions/store/alert-ledger';
import type { Alert } from '../../shared/alerts/alert';

export class MemoryAlertLedger implements AlertLedger {
  readonly rejections = new Set<string>();
  readonly warnings = new Map<string, Set<string>>();

  async claimRejection(key: string, version: string): Promise<boolean> {
    const id = `${key}\u0000${version}`;
    if (this.rejections.has(id)) return false;
    this.rejections.add(id);
    return true;
  }

  async releaseRejection(key: string, version: string): Promise<void> {
    this.rejections.delete(`${key}\u0000${version}`);
  }

  async announcedWarnings(period: string): Promise<AnnouncedWarnings> {
    const announced = new Set(this.warnings.get(period));
    return { has: (key) => announced.has(key) };
  }

  async recordWarnings(period: string, keys: readonly string[]): Promise<void> {
    const announced = this.warnings.get(period) ?? new Set<string>();
    for (const key of keys) announced.add(key);
    this.warnings.set(period, announced);
  }
}

export class RecordingAlertSink implements AlertSink {
  readonly alerts: Alert[] = [];
  failNext = 0;

  async publish(alert: Alert): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('topic unavailable');
    }
    this.alerts.push(alert);
  }
}

export function memoryAlerts(sink: AlertSink = new RecordingAlertSink()): AlertDeps {
  return {
    sink,
    ledger: new MemoryAlertLedger(),
    city: { id: 'lechang', name: '乐昌市民政局' },
    siteUrl: 'https://budget.example.org',
  };
}
