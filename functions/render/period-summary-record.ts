/**
 * A period's summary as render keeps it in the table (`RenderStateStore`), checked on the way
 * back in. Loose objects: a field a newer render added survives a read by this one.
 */
import * as z from 'zod';
import type { PeriodSummary } from '../../shared/render/period-index';

const moneyFigures = z.looseObject({
  budget: z.string(),
  spentThisMonth: z.string(),
  spentToDate: z.string(),
  executionRate: z.number().nullable(),
});

const entry = z.looseObject({
  id: z.string(),
  year: z.number().int(),
  month: z.number().int(),
  timeProgress: z.number(),
  totals: moneyFigures,
  sourceCount: z.number().int(),
  warningCount: z.number().int(),
  href: z.string(),
  generatedAt: z.string(),
});

const failure = z.looseObject({
  id: z.string(),
  year: z.number().int(),
  month: z.number().int(),
  href: z.string(),
  generatedAt: z.string(),
  reason: z.string(),
});

const periodSummarySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('rendered'), entry }),
  z.object({ status: z.literal('failed'), failure }),
]);

export function parsePeriodSummary(json: string): PeriodSummary {
  return periodSummarySchema.parse(JSON.parse(json));
}

export function serializePeriodSummary(summary: PeriodSummary): string {
  return JSON.stringify(summary);
}
