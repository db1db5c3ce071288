/**
 * The table every city gets: string partition key `pk`, string sort key `sk`, no secondary
 * index, on-demand. Infra, the local runtime and the tests create it from this one definition.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TABLE_PARTITION_KEY = 'pk';
export const TABLE_SORT_KEY = 'sk';

export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: TABLE_PARTITION_KEY, AttributeType: 'S' },
      { AttributeName: TABLE_SORT_KEY, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: TABLE_SORT_KEY, KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
