/**
 * `RenderStateStore` on the pipeline's table: partition `RENDERED`, sort keys
 * `PERIOD#<YYYY-MM>`, `YEAR#<YYYY>`, `UPLOAD#<sha256 of key>` (where the key's summary is
 * filed) and `UPLOADMONTH#<YYYY-MM>`; partition `UPLOADS`, sort key
 * `<processedAt>#<sha256 of key>` (the summaries, in time order). Plain puts and deletes: render
 * runs one at a time and every record is re-derivable, so no condition is needed (a lost write
 * only makes the next run render again).
 */
import { createHash } from 'node:crypto';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { PeriodRenderState, RenderStateStore, UploadSummary, YearRenderState } from '../render-state';
import { itemToPlain, str } from './attribute-values';
import { queryAll } from './query-all';

export const RENDERED_PK = 'RENDERED';
export const UPLOADS_PK = 'UPLOADS';
const PERIOD_PREFIX = 'PERIOD#';
const YEAR_PREFIX = 'YEAR#';
const LISTING_PREFIX = 'UPLOAD#';
const MONTH_PREFIX = 'UPLOADMONTH#';

const periodItemSchema = z.object({ sk: z.string(), inputs: z.string(), summary: z.string() });
const yearItemSchema = z.object({ sk: z.string(), inputs: z.string() });
/** Hashed: an object key may take all of a sort key's 1,024 bytes by itself. */
const listingSk = (key: string): string =>
  `${LISTING_PREFIX}${createHash('sha256').update(key).digest('hex')}`;

const listingItemSchema = z.object({ listedAt: z.string() });
const summaryItemSchema = z.object({ sk: z.string(), key: z.string(), view: z.string() });

export class DynamoDbRenderState implements RenderStateStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private async list(prefix: string, pk = RENDERED_PK) {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': str(pk), ':prefix': str(prefix) },
      ConsistentRead: true,
    });
  }

  async listPeriodStates(): Promise<PeriodRenderState[]> {
    return (await this.list(PERIOD_PREFIX)).map((item) => {
      const v = periodItemSchema.parse(itemToPlain(item));
      return { period: v.sk.slice(PERIOD_PREFIX.length), inputs: v.inputs, summary: v.summary };
    });
  }

  async putPeriodState(state: PeriodRenderState): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: str(RENDERED_PK),
          sk: str(`${PERIOD_PREFIX}${state.period}`),
          inputs: str(state.inputs),
          summary: str(state.summary),
        },
      }),
    );
  }

  async deletePeriodState(period: string): Promise<void> {
    await this.delete(`${PERIOD_PREFIX}${period}`);
  }

  async listYearStates(): Promise<YearRenderState[]> {
    return (await this.list(YEAR_PREFIX)).map((item) => {
      const v = yearItemSchema.parse(itemToPlain(item));
      return { year: Number(v.sk.slice(YEAR_PREFIX.length)), inputs: v.inputs };
    });
  }

  async putYearState(state: YearRenderState): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: { pk: str(RENDERED_PK), sk: str(`${YEAR_PREFIX}${state.year}`), inputs: str(state.inputs) },
      }),
    );
  }

  async deleteYearState(year: number): Promise<void> {
    await this.delete(`${YEAR_PREFIX}${year}`);
  }

  async getUploadListing(key: string): Promise<string | null> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: str(RENDERED_PK), sk: str(listingSk(key)) },
        ConsistentRead: true,
      }),
    );
    return output.Item === undefined ? null : listingItemSchema.parse(itemToPlain(output.Item)).listedAt;
  }

  async putUploadSummary(summary: UploadSummary): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: str(UPLOADS_PK),
          sk: str(summary.listedAt),
          key: str(summary.key),
          view: str(summary.view),
        },
      }),
    );
  }

  async deleteUploadSummary(listedAt: string): Promise<void> {
    await this.delete(listedAt, UPLOADS_PK);
  }

  async putUploadListing(key: string, listedAt: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: { pk: str(RENDERED_PK), sk: str(listingSk(key)), listedAt: str(listedAt) },
      }),
    );
  }

  async deleteUploadListing(key: string): Promise<void> {
    await this.delete(listingSk(key));
  }

  async listUploadSummaries(month: string): Promise<UploadSummary[]> {
    return (await this.list(month, UPLOADS_PK)).map((item) => {
      const v = summaryItemSchema.parse(itemToPlain(item));
      return { key: v.key, listedAt: v.sk, view: v.view };
    });
  }

  async listUploadMonths(): Promise<string[]> {
    return (await this.list(MONTH_PREFIX)).map((item) =>
      z.object({ sk: z.string() }).parse(itemToPlain(item)).sk.slice(MONTH_PREFIX.length),
    );
  }

  async putUploadMonth(month: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: { pk: str(RENDERED_PK), sk: str(`${MONTH_PREFIX}${month}`) },
      }),
    );
  }

  async deleteUploadMonth(month: string): Promise<void> {
    await this.delete(`${MONTH_PREFIX}${month}`);
  }

  private async delete(sk: string, pk = RENDERED_PK): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: { pk: str(pk), sk: str(sk) } }),
    );
  }
}
