/**
 * A conditional write that did not apply. Matched by name as well as by class because an
 * error can cross copies of the SDK (a test's mock, a bundled and an unbundled client).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException');
