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

/**
 * A re-check of a key (its conflict holder let go, docs/contract.md §3.1) is recorded under a stamp just
 * above the key's recorded one and below any later S3 event of the key: the normalized
 * sequencer, then `.` and a counter. Every S3 stamp is exactly {@link SEQUENCER_WIDTH} hex
 * characters, so string comparison decides on them first, and a counter only orders
 * re-checks of the same event. Deterministic, so two concurrent re-checks of one state share
 * a stamp and behave like duplicate deliveries.
 */
export function recheckStamp(recorded: string): string {
  const base = recorded.slice(0, SEQUENCER_WIDTH);
  const counter =
    recorded.length > SEQUENCER_WIDTH ? Number.parseInt(recorded.slice(SEQUENCER_WIDTH + 1), 10) : 0;
  return `${base}.${String(counter + 1).padStart(8, '0')}`;
}

/**
 * The generation id of lines written at `stamp`. The version the event is about uses the stamp
 * itself; any other version (an older one made live because newer ones were rejected, or what
 * a removal or re-check finds current) gets `~<tag of its version>` appended, so two attempts
 * at one stamp that found different bytes can never write lines into the same generation.
 */
export function generationId(stamp: string, otherVersionTag: string | null): string {
  return otherVersionTag === null ? stamp : `${stamp}~${otherVersionTag}`;
}

/** Characters of a version tag (a hash prefix of the version id or bytes). */
export const VERSION_TAG_LENGTH = 16;

/**
 * The longest generation id any path writes: a re-check stamp (`S.00000001`) with a version
 * tag (`~<16 hex>`), 58 characters. Size limits are checked against it, so that a file accepted
 * once can always be written again — moved, re-checked, undeleted, or made live below a newer
 * version (docs/contract.md §3.1).
 */
export const MAX_GENERATION_ID_LENGTH = SEQUENCER_WIDTH + 1 + 8 + 1 + VERSION_TAG_LENGTH;

/** The stamp a generation was written at: what cleanup compares with the recorded one. */
export function stampOfGeneration(gen: string): string {
  const at = gen.indexOf('~');
  return at === -1 ? gen : gen.slice(0, at);
}
