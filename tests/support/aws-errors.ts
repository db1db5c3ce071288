/** AWS errors in the exact classes the SDK throws, for client mocks (aws-sdk-client-mock). */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** What DynamoDB answers when a write's condition does not hold. */
export const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
