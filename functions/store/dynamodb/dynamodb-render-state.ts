/**
 * `RenderStateStore` on the pipeline's table: partition `RENDERED`, sort keys `PERIOD#<YYYY-MM>`
 * and `YEAR#<YYYY>`. Plain puts and deletes: render runs one at a time and every record is
 * re-derivable, so no condition is needed (a lost write only makes the next run render again).
 */
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { PeriodRenderState, RenderStateStore, YearRenderState } from '../render-state';
import { itemToPlain, str } from './attribute-values';
import { queryAll } from './query-all';

export const RENDERED_PK = 'RENDERED';
const PERIOD_PREFIX = 'PERIOD#';
const YEAR_PREFIX = 'YEAR#';

const periodItemSchema = z.object({ sk: z.string(), inputs: z.string(), summary: z.string() });
const yearItemSchema = z.object({ sk: z.string(), inputs: z.string() });

export class DynamoDbRenderState implements RenderStateStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private async list(prefix: string) {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': str(RENDERED_PK), ':prefix': str(prefix) },
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

  private async delete(sk: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: { pk: str(RENDERED_PK), sk: str(sk) } }),
    );
  }
}
