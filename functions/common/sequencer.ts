/**
 * S3 `sequencer` values order the events of one key, but they are hex strings of varying
 * length: compared as written, "FF" would sort after "100". Right-padding with zeros to a
 * fixed width (S3's own comparison rule) and upper-casing makes plain string comparison,
 * including `<` in a DynamoDB ConditionExpression, agree with event order.
 */
export const SEQUENCER_WIDTH = 32;

const HEX = /^[0-9A-Fa-f]+$/;

export class InvalidSequencerError extends Error {
  override name = 'InvalidSequencerError';
}

export function normalizeSequencer(raw: string): string {
  if (!HEX.test(raw) || raw.length > SEQUENCER_WIDTH) {
    throw new InvalidSequencerError(`not an S3 sequencer: ${JSON.stringify(raw.slice(0, 64))}`);
  }
  return raw.toUpperCase().padEnd(SEQUENCER_WIDTH, '0');
}
