/**
 * Who already holds a file's groups. There are no claim items: a group is held by whichever
 * other object has a line for it in its live version (the generation its head's `activeGen`
 * points at, in its `activePeriod`). Lines of any other generation — an older version not yet
 * cleaned up, a version that lost its flip — hold nothing.
 *
 * Reads only what can conflict: the period's lines of other keys (sort keys only), then the
 * heads of the few keys among them that have lines for one of this file's groups. A first
 * upload into an empty period reads two empty pages.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { GroupConflict, GroupKey } from '../source-head';
import { str } from './attribute-values';
import { groupSk, HEADS_PK, otherSourcesLineRanges, parseLineSk, periodPk } from './item-keys';
import { queryPages } from './query-all';

interface Candidate {
  key: string;
  gen: string;
}

async function liveGeneration(
  client: DynamoDBClient,
  tableName: string,
  key: string,
  period: string,
): Promise<string | null> {
  const output = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: str(HEADS_PK), sk: str(key) },
      ProjectionExpression: '#activeGen, #activePeriod',
      ExpressionAttributeNames: { '#activeGen': 'activeGen', '#activePeriod': 'activePeriod' },
      ConsistentRead: true,
    }),
  );
  const item = output.Item;
  if (item?.activePeriod?.S !== period) return null;
  return item.activeGen?.S ?? null;
}

export async function findGroupConflict(
  client: DynamoDBClient,
  tableName: string,
  key: string,
  period: string,
  groups: readonly GroupKey[],
): Promise<GroupConflict | null> {
  // Other keys' lines, by group. The file's own group keys are only computed when there are
  // any: a first upload into a period (the common case, and the largest files) skips that.
  const others = new Map<string, Candidate[]>();
  for (const [from, to] of otherSourcesLineRanges(key)) {
    const pages = queryPages(client, {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ProjectionExpression: '#sk',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': str(periodPk(period)), ':from': str(from), ':to': str(to) },
      ConsistentRead: true,
    });
    for await (const page of pages) {
      for (const item of page) {
        const line = parseLineSk(item.sk?.S ?? '');
        if (line === null || line.key === key) continue;
        const list = others.get(line.groupSk);
        if (list === undefined) others.set(line.groupSk, [{ key: line.key, gen: line.gen }]);
        else list.push({ key: line.key, gen: line.gen });
      }
    }
  }
  if (others.size === 0) return null;

  const candidates = new Map<string, { group: GroupKey; lines: Candidate[] }>();
  for (const group of groups) {
    const sk = groupSk(group);
    const lines = others.get(sk);
    if (lines !== undefined) candidates.set(sk, { group, lines });
  }

  const live = new Map<string, string | null>();
  for (const sk of [...candidates.keys()].sort()) {
    const { group, lines } = candidates.get(sk) ?? { group: null, lines: [] };
    for (const candidate of lines) {
      if (!live.has(candidate.key)) {
        live.set(candidate.key, await liveGeneration(client, tableName, candidate.key, period));
      }
      if (group !== null && live.get(candidate.key) === candidate.gen) {
        const { unitCode, projectCode, fundType } = group;
        return { holder: candidate.key, group: { unitCode, projectCode, fundType } };
      }
    }
  }
  return null;
}
