/** Query with pagination: DynamoDB returns at most 1 MB per page. */
import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { Item } from './attribute-values';

/** Page by page, so a caller that only tallies the items never holds them all. */
export async function* queryPages(client: DynamoDBClient, input: QueryCommandInput): AsyncIterable<Item[]> {
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand(startKey === undefined ? input : { ...input, ExclusiveStartKey: startKey }),
    );
    yield page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

export async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(client, input)) items.push(...page);
  return items;
}
