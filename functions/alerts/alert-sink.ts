/** Where alerts go: the city's SNS topic on AWS, the outbox in local mode, or only the log. */
import type { Alert } from '../../shared/alerts/alert';

export interface AlertSink {
  /** Throws when the alert could not be handed over; `deliverAlert` decides what that means. */
  publish(alert: Alert): Promise<void>;
}
