/** Query with pagination: DynamoDB returns at most 1 MB per page. */
import { type DynamoDBClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { Item } from './attribute-values';

/** Page by page, so a caller that only tallies the items never holds them all. */
export async function* queryPages(client: DynamoDBClient, input: QueryCommandInput): AsyncIterable<Item[]> {
  // A copy: the paginator writes each page's ExclusiveStartKey into the input it is given.
  for await (const page of paginateQuery({ client }, { ...input })) yield page.Items ?? [];
}

export async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(client, input)) items.push(...page);
  return items;
}
