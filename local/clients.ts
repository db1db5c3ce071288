/**
 * SDK clients aimed at the embedded emulators. Shared by the runtime and the CLI so both
 * talk to s3rver the one way it understands.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { dynamodbEndpoint, LOCAL_CREDENTIALS, LOCAL_REGION, s3Endpoint } from './config';

export function localS3Client(s3Port: number): S3Client {
  return new S3Client({
    endpoint: s3Endpoint(s3Port),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    // s3rver serves buckets by path only.
    forcePathStyle: true,
    // s3rver stores aws-chunked (checksum-trailer) bodies verbatim, corrupting the object.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

export function localDynamoClient(dynamodbPort: number): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: dynamodbEndpoint(dynamodbPort),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 3,
  });
}
