/**
 * Real S3 (s3rver) and DynamoDB (dynalite) in this process, on random free ports of
 * 127.0.0.1, with a throwaway directory. Integration tests talk to them over the real
 * protocol through the same client construction the functions use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { createDynamoDbClient, createS3Client } from '../../functions/common/clients';
import type { ConnectionConfig } from '../../functions/common/env';
import { createTableInput } from '../../functions/common/table-definition';

const require = createRequire(import.meta.url);

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  vhostBuckets: boolean;
  configureBuckets: { name: string }[];
}) => S3rverInstance;
type Dynalite = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;

/** s3rver accepts only these. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface Emulators {
  connection: ConnectionConfig;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  buckets: string[];
  tableName: string;
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const S3rver: S3rverConstructor = require('s3rver');
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const s3Address = await s3rver.run();

  const dynalite: Dynalite = require('dynalite');
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  const dynamoAddress = dynamoServer.address();
  if (dynamoAddress === null || typeof dynamoAddress === 'string')
    throw new Error('dynalite did not bind a port');

  const connection: ConnectionConfig = {
    region: 'us-east-1',
    s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
    dynamodbEndpoint: `http://127.0.0.1:${dynamoAddress.port}`,
    credentials: EMULATOR_CREDENTIALS,
  };
  const s3 = createS3Client(connection);
  const dynamodb = createDynamoDbClient(connection);
  await dynamodb.send(new CreateTableCommand(createTableInput(options.tableName)));

  return {
    connection,
    s3,
    dynamodb,
    async close() {
      s3.destroy();
      dynamodb.destroy();
      await s3rver.close();
      await new Promise<void>((resolve, reject) =>
        dynamoServer.close((error) => (error ? reject(error) : resolve())),
      );
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
