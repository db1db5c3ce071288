/** No topic configured (a city without alert e-mails): the alert is only logged. */
import type { Alert } from '../../shared/alerts/alert';
import type { LogSink } from '../common/telemetry';
import type { AlertSink } from './alert-sink';

export class LogOnlyAlertSink implements AlertSink {
  constructor(private readonly logger: LogSink) {}

  async publish(alert: Alert): Promise<void> {
    this.logger.info('alert (no topic configured)', {
      kind: alert.kind,
      subject: alert.subject,
      link: alert.link,
    });
  }
}
