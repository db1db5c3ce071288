/**
 * Who already holds a file's groups. There are no claim items: a group is held by whichever
 * other object has a line for it in its live version (the generation its head's `activeGen`
 * points at, in its `activePeriod`). Lines of any other generation — an older version not yet
 * cleaned up, a version that lost its flip — hold nothing.
 *
 * The reads depend on what there is to compare:
 * - a period with no line of another key (a first upload into it): two one-item pages;
 * - otherwise the keys live in the period (one query of the heads, projected), then, when the
 *   file's groups times those keys are few (a unit's monthly file: tens of groups, a handful of
 *   other files), the exact line keys that would hold them (`LINE#<other>#<activeGen>#<group>`,
 *   BatchGetItem), so a small file in a busy period reads a few items, not the period;
 * - or, for a large file, the period's lines of other keys (sort keys only, skipping its own).
 */
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { type GroupKey, groupKeyOf } from '../../../shared/group-key';
import type { BackoffPolicy } from '../../common/backoff';
import type { GroupConflict } from '../source-head';
import { str } from './attribute-values';
import { batchGetAll } from './batch-get';
import {
  generationLinesPrefix,
  groupSk,
  HEADS_PK,
  otherSourcesLineRanges,
  parseLineSk,
  periodPk,
} from './item-keys';
import { parseLiveHead, sortKeyOf } from './item-schemas';
import { queryAll, queryPages } from './query-all';

/** By default, up to this many line keys are looked up one by one (10 BatchGetItem calls) rather than scanned. */
export const POINT_LOOKUP_LIMIT = 1_000;

interface ConflictQuery {
  client: DynamoDBClient;
  tableName: string;
  backoff: BackoffPolicy;
  /** At most this many line keys are looked up one by one. */
  lookupLimit: number;
}

function rangeQuery(q: ConflictQuery, period: string, [from, to]: [string, string], limit?: number) {
  return {
    TableName: q.tableName,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ProjectionExpression: '#sk',
    ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: { ':pk': str(periodPk(period)), ':from': str(from), ':to': str(to) },
    ConsistentRead: true,
    ...(limit === undefined ? {} : { Limit: limit }),
  };
}

async function anyOtherLine(q: ConflictQuery, key: string, period: string): Promise<boolean> {
  for (const range of otherSourcesLineRanges(key)) {
    const page = await q.client.send(new QueryCommand(rangeQuery(q, period, range, 1)));
    if ((page.Items ?? []).length > 0) return true;
  }
  return false;
}

/** Other keys whose live version is in `period`, with its generation. */
async function liveSourcesIn(q: ConflictQuery, key: string, period: string): Promise<Map<string, string>> {
  const heads = await queryAll(q.client, {
    TableName: q.tableName,
    KeyConditionExpression: '#pk = :pk',
    FilterExpression: '#activePeriod = :period',
    ProjectionExpression: '#sk, #activeGen',
    ExpressionAttributeNames: {
      '#pk': 'pk',
      '#sk': 'sk',
      '#activeGen': 'activeGen',
      '#activePeriod': 'activePeriod',
    },
    ExpressionAttributeValues: { ':pk': str(HEADS_PK), ':period': str(period) },
    ConsistentRead: true,
  });
  const live = new Map<string, string>();
  for (const item of heads) {
    const head = parseLiveHead(item);
    if (head.key !== key) live.set(head.key, head.gen);
  }
  return live;
}

/** Group sort key → holder, by looking up the exact line keys that would hold the groups. */
async function heldByLookup(
  q: ConflictQuery,
  period: string,
  wanted: Map<string, GroupKey>,
  live: Map<string, string>,
): Promise<Map<string, string>> {
  const pk = str(periodPk(period));
  const keys = [];
  for (const [source, gen] of live) {
    const prefix = generationLinesPrefix(source, gen);
    for (const sk of wanted.keys()) keys.push({ pk, sk: str(`${prefix}${sk}`) });
  }
  const found = await batchGetAll(
    q.client,
    q.tableName,
    keys,
    { ProjectionExpression: '#sk', ExpressionAttributeNames: { '#sk': 'sk' } },
    q.backoff,
  );
  const held = new Map<string, string>();
  for (const item of found) {
    const line = parseLineSk(sortKeyOf(item));
    if (line !== null) held.set(line.groupSk, line.key);
  }
  return held;
}

/** Group sort key → holder, by reading the sort keys of the period's lines of other keys. */
async function heldByScan(
  q: ConflictQuery,
  key: string,
  period: string,
  wanted: Map<string, GroupKey>,
  live: Map<string, string>,
): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  for (const range of otherSourcesLineRanges(key)) {
    for await (const page of queryPages(q.client, rangeQuery(q, period, range))) {
      for (const item of page) {
        const line = parseLineSk(sortKeyOf(item));
        if (line === null || live.get(line.key) !== line.gen || !wanted.has(line.groupSk)) continue;
        held.set(line.groupSk, line.key);
      }
    }
  }
  return held;
}

/**
 * Every other key whose live version holds one of `groups` in `period`, each with the first
 * such group in key order (what a message names), ordered by that group.
 */
export async function findGroupHolders(
  q: ConflictQuery,
  key: string,
  period: string,
  groups: readonly GroupKey[],
): Promise<GroupConflict[]> {
  if (!(await anyOtherLine(q, key, period))) return [];
  const live = await liveSourcesIn(q, key, period);
  if (live.size === 0) return [];

  const wanted = new Map<string, GroupKey>();
  for (const group of groups) wanted.set(groupSk(group), group);
  const held =
    wanted.size * live.size <= q.lookupLimit
      ? await heldByLookup(q, period, wanted, live)
      : await heldByScan(q, key, period, wanted, live);
  const holders = new Map<string, GroupConflict>();
  for (const sk of [...held.keys()].sort()) {
    const holder = held.get(sk);
    const group = wanted.get(sk);
    if (holder === undefined || group === undefined || holders.has(holder)) continue;
    holders.set(holder, { holder, group: groupKeyOf(group) });
  }
  return [...holders.values()];
}
