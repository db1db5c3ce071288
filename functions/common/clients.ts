/**
 * SDK client construction. Pointed at an emulator (an endpoint is set) the clients use path-style
 * addressing and the credentials from the environment (s3rver only accepts S3RVER/S3RVER).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { ConnectionConfig } from './env';

function localCredentials(connection: ConnectionConfig): { accessKeyId: string; secretAccessKey: string } {
  return (
    connection.credentials ?? {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'S3RVER',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'S3RVER',
    }
  );
}

export function createS3Client(connection: ConnectionConfig): S3Client {
  return new S3Client({
    region: connection.region,
    // Checksums only when an operation requires them: s3rver stores aws-chunked bodies with
    // their checksum trailers verbatim (corrupt objects) and rejects the response checks.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(connection.s3Endpoint === undefined
      ? {}
      : { endpoint: connection.s3Endpoint, forcePathStyle: true, credentials: localCredentials(connection) }),
  });
}

export function createDynamoDbClient(connection: ConnectionConfig): DynamoDBClient {
  const client = new DynamoDBClient({
    region: connection.region,
    ...(connection.dynamodbEndpoint === undefined
      ? {}
      : { endpoint: connection.dynamodbEndpoint, credentials: localCredentials(connection) }),
  });
  // The SDK's logger middleware builds a redacted copy of every request and response for a
  // logger that, by default, throws it away: an eighth of the client's CPU time when writing
  // line items in batches. Nothing here reads SDK logs (failures surface as errors).
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/** The SNS client for a topic: in the topic's own region, whatever region the function runs in. */
export function createSnsClient(connection: ConnectionConfig, topicArn: string): SNSClient {
  const region = topicArn.split(':')[3] || connection.region;
  return new SNSClient({ region });
}
