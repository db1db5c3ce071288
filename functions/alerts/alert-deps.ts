/** What a function needs to raise alerts: where they go, what was already announced, for whom. */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { BackoffPolicy } from '../common/backoff';
import { createSnsClient } from '../common/clients';
import type { AlertConfig, ConnectionConfig } from '../common/env';
import type { LogSink } from '../common/telemetry';
import type { AlertLedger } from '../store/alert-ledger';
import { DynamoDbAlertLedger } from '../store/dynamodb/dynamodb-alert-ledger';
import type { AlertSink } from './alert-sink';
import { LogOnlyAlertSink } from './log-only-alert-sink';
import { SnsAlertSink } from './sns-alert-sink';

export interface AlertDeps {
  sink: AlertSink;
  ledger: AlertLedger;
  city: { id: string; name: string };
  /** The site's root URL for links, or null (links stay site-relative). */
  siteUrl: string | null;
}

export interface AlertWiring {
  config: AlertConfig;
  connection: ConnectionConfig;
  city: { id: string; name: string };
  dynamodb: DynamoDBClient;
  tableName: string;
  logger: LogSink;
  backoff?: BackoffPolicy;
  /** Replaces the sink chosen from the config (local mode's outbox, tests). */
  sink?: AlertSink;
  sns?: SNSClient;
}

export function buildAlertDeps(wiring: AlertWiring): AlertDeps {
  const { config } = wiring;
  const sink =
    wiring.sink ??
    (config.topicArn === null
      ? new LogOnlyAlertSink(wiring.logger)
      : new SnsAlertSink(wiring.sns ?? createSnsClient(wiring.connection, config.topicArn), config.topicArn));
  return {
    sink,
    ledger: new DynamoDbAlertLedger({
      client: wiring.dynamodb,
      tableName: wiring.tableName,
      backoff: wiring.backoff,
    }),
    city: wiring.city,
    siteUrl: config.siteUrl,
  };
}
