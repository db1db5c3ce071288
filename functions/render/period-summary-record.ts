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

const streak = z.object({
  code: z.string(),
  level: z.string(),
  months: z.number().int().positive(),
  severeMonths: z.number().int().min(0),
});

/** The next month's 通报 counts 连续N个月 on from these (`warning-streaks.ts`). */
const streaks = z.object({ units: z.array(streak), projects: z.array(streak) });

const periodSummarySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('rendered'), entry, streaks: streaks.optional() }),
  z.object({ status: z.literal('failed'), failure }),
]);

export function parsePeriodSummary(json: string): PeriodSummary {
  return periodSummarySchema.parse(JSON.parse(json));
}

export function serializePeriodSummary(summary: PeriodSummary): string {
  return JSON.stringify(summary);
}
