/**
 * Delivering an alert never fails the function that raised it (docs/contract.md §5.1): the data is
 * already stored and the site written; a lost e-mail is logged and counted (`AlertsFailed`,
 * alarmable), never a reason to reprocess a file or a render.
 */
import type { Alert } from '../../shared/alerts/alert';
import { describe } from '../common/describe-error';
import type { Telemetry } from '../common/telemetry';
import type { AlertSink } from './alert-sink';

export async function deliverAlert(sink: AlertSink, telemetry: Telemetry, alert: Alert): Promise<boolean> {
  try {
    await sink.publish(alert);
    telemetry.logger.debug('alert sent', { kind: alert.kind, subject: alert.subject });
    return true;
  } catch (error) {
    telemetry.metrics.count('AlertsFailed', 1);
    telemetry.logger.error('alert not delivered', {
      kind: alert.kind,
      subject: alert.subject,
      error: describe(error),
    });
    return false;
  }
}
