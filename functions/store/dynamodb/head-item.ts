/**
 * The source head item (`pk = SOURCES`, `sk = <object key>`), written only by conditional
 * single-item updates. Every attribute is optional on read because the first write for a key
 * may be a bare period registration.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { Amounts } from '../../../shared/domain-types';
import { type PublicIssue, publicIssueSchema } from '../../../shared/export/public-issue';
import { uploadStatusSchema } from '../../common/status-record';
import type { ActiveVersion, Blocker, GenerationRef, SourceHead } from '../source-head';
import { amountsItem, amountsOf, amountsSchema } from './amounts-item';
import { type Item, itemToPlain, list, map, NULL, num, str, strOrNull } from './attribute-values';
import { parseGenerationToken } from './item-keys';

const headItemSchema = z.object({
  sk: z.string(),
  sequencer: z.string().optional(),
  status: uploadStatusSchema.optional(),
  period: z.string().nullish(),
  rows: z.number().int().optional(),
  sha256: z.string().nullish(),
  etag: z.string().nullish(),
  versionId: z.string().nullish(),
  groups: z.number().int().optional(),
  totals: amountsSchema.nullish(),
  errors: z.array(publicIssueSchema).optional(),
  errorCount: z.number().int().optional(),
  warnings: z.array(publicIssueSchema).optional(),
  processedAt: z.string().nullish(),
  runBegan: z.string().nullish(),
  activeGen: z.string().optional(),
  activePeriod: z.string().optional(),
  activeRows: z.number().int().optional(),
  activeSha256: z.string().optional(),
  activeCommittedAt: z.string().optional(),
  activeVersionId: z.string().nullish(),
  blockers: z
    .array(
      z.object({ key: z.string(), gen: z.string(), period: z.string(), runBegan: z.string().nullable() }),
    )
    .optional(),
  /** One blocker, as heads written before `blockers` name it. */
  blockedByKey: z.string().optional(),
  blockedByGen: z.string().optional(),
  blockedPeriod: z.string().optional(),
  previousPeriod: z.string().nullish(),
  generations: z.array(z.string()).optional(),
  statusSequencer: z.string().nullish(),
});

type HeadItem = z.infer<typeof headItemSchema>;

/** The attributes readers need to pick live lines; fetched with a projection. */
export const ACTIVE_ATTRIBUTES = [
  'sk',
  'activeGen',
  'activePeriod',
  'activeRows',
  'activeSha256',
  'activeCommittedAt',
  'activeVersionId',
] as const;

/** The attributes naming blocking holders; removed together whenever a head is recorded. */
export const BLOCKER_ATTRIBUTES = ['blockers', 'blockedByKey', 'blockedByGen', 'blockedPeriod'] as const;

function blockersOf(v: HeadItem): Blocker[] {
  if (v.blockers !== undefined) return v.blockers;
  if (v.blockedByKey === undefined || v.blockedByGen === undefined || v.blockedPeriod === undefined)
    return [];
  // Written before run starts were recorded: null, which costs at most one extra re-check.
  return [{ key: v.blockedByKey, gen: v.blockedByGen, period: v.blockedPeriod, runBegan: null }];
}

function activeOf(v: HeadItem): ActiveVersion | null {
  if (v.activeGen === undefined || v.activePeriod === undefined) return null;
  return {
    gen: v.activeGen,
    period: v.activePeriod,
    rows: v.activeRows ?? 0,
    sha256: v.activeSha256 ?? '',
    committedAt: v.activeCommittedAt ?? '',
    versionId: v.activeVersionId ?? null,
  };
}

function generationsOf(v: HeadItem): GenerationRef[] {
  const refs: GenerationRef[] = [];
  for (const token of v.generations ?? []) {
    const ref = parseGenerationToken(token);
    if (ref !== null) refs.push(ref);
  }
  return refs.sort((a, b) =>
    a.period !== b.period ? (a.period < b.period ? -1 : 1) : a.gen < b.gen ? -1 : a.gen > b.gen ? 1 : 0,
  );
}

export function parseHeadItem(item: Item): SourceHead {
  const v = headItemSchema.parse(itemToPlain(item));
  const generations = generationsOf(v);
  return {
    key: v.sk,
    sequencer: v.sequencer ?? null,
    status: v.status ?? null,
    period: v.period ?? null,
    rows: v.rows ?? 0,
    sha256: v.sha256 ?? null,
    etag: v.etag ?? null,
    versionId: v.versionId ?? null,
    groups: v.groups ?? 0,
    totals: v.totals == null ? null : amountsOf(v.totals),
    errors: v.errors ?? [],
    errorCount: v.errorCount ?? 0,
    warnings: v.warnings ?? [],
    processedAt: v.processedAt ?? null,
    runBegan: v.runBegan ?? null,
    active: activeOf(v),
    previousPeriod: v.previousPeriod ?? null,
    generations,
    periods: [...new Set(generations.map((g) => g.period))],
    statusSequencer: v.statusSequencer ?? null,
    blockedBy: blockersOf(v),
  };
}

/** From a projection of {@link ACTIVE_ATTRIBUTES}. */
export function parseActiveHeadItem(item: Item): { key: string; active: ActiveVersion | null } {
  const v = headItemSchema.parse(itemToPlain(item));
  return { key: v.sk, active: activeOf(v) };
}

const issueValue = (issue: PublicIssue): AttributeValue =>
  map({
    line: num(issue.line),
    column: strOrNull(issue.column),
    value: strOrNull(issue.value),
    message: str(issue.message),
  });

export const issuesValue = (issues: PublicIssue[]): AttributeValue => list(issues.map(issueValue));

/** A file's totals, 年初预算数 included when the export states it. */
export const totalsValue = (totals: Amounts | null): AttributeValue =>
  totals === null ? NULL : map(amountsItem(totals));
