/**
 * Reading the status record ingest writes for every upload (`status/<key>.json`, docs/contract.md §5)
 * and saying it in a line or two. Parsed leniently: the console and the CLI only need
 * what they print, and must not break when the pipeline adds fields.
 */
import * as z from 'zod';

const period = z.union([
  z
    .object({ year: z.number(), month: z.number() })
    .transform((p) => `${p.year}-${String(p.month).padStart(2, '0')}`),
  z.string(),
  z.null(),
]);

const issue = z.object({
  line: z.number().nullish(),
  column: z.string().nullish(),
  value: z.string().nullish(),
  message: z.string(),
});

const amounts = z.object({
  budget: z.string().optional(),
  spentThisMonth: z.string().optional(),
  spentToDate: z.string().optional(),
});

export const uploadStatusSchema = z.looseObject({
  key: z.string(),
  status: z.string(),
  period: period.optional(),
  rows: z.number().nullish(),
  sha256: z.string().nullish(),
  etag: z.string().nullish(),
  eTag: z.string().nullish(),
  sequencer: z.string().nullish(),
  versionId: z.string().nullish(),
  processedAt: z.string().nullish(),
  errors: z.array(issue).optional(),
  errorCount: z.number().optional(),
  warnings: z.array(issue).optional(),
  totals: amounts.nullish(),
  /** Who holds a group this file claimed, when rejected for a conflict (free text or key). */
  conflict: z.unknown().optional(),
});

export type UploadStatus = z.infer<typeof uploadStatusSchema>;

export function parseUploadStatus(text: string): UploadStatus | null {
  try {
    const parsed = uploadStatusSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** 46233300.00 → "46,233,300.00 元 (4623.33 万元)" */
export function formatYuan(yuan: string): string {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(yuan);
  if (!m) return yuan;
  const [, sign = '', int = '0', fen = '00'] = m;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // 0.01 万元 = 10,000 fen; rounded half up, in integers like every other amount.
  const hundredthsOfWan = (BigInt(`${int}${fen}`) + 5_000n) / 10_000n;
  const wan = `${hundredthsOfWan / 100n}.${String(hundredthsOfWan % 100n).padStart(2, '0')}`;
  return `${sign}${grouped}.${fen} 元 (${sign}${wan} 万元)`;
}

export function describeIssue(i: z.infer<typeof issue>): string {
  const where = [i.line ? `line ${i.line}` : null, i.column ? `column ${i.column}` : null]
    .filter((x) => x !== null)
    .join(', ');
  const value = i.value !== null && i.value !== undefined ? ` value "${i.value}"` : '';
  return `${where || 'file'}:${value} ${i.message}`;
}

/**
 * One headline plus detail lines: the totals of an accepted file (unless `totals: false`),
 * then every error and warning, errors up to `maxErrors`.
 */
export function describeStatus(
  status: UploadStatus,
  options: { maxErrors?: number; totals?: boolean } = {},
): string[] {
  const maxErrors = options.maxErrors ?? Number.POSITIVE_INFINITY;
  const parts = [`${status.key}: ${status.status}`];
  if (status.period) parts.push(`period ${status.period}`);
  if (status.rows !== undefined && status.rows !== null) parts.push(`${status.rows} rows`);
  const lines = [parts.join(', ')];
  if (status.totals && status.status === 'accepted' && options.totals !== false) {
    const t = status.totals;
    if (t.budget) lines.push(`  budget / 预算数:          ${formatYuan(t.budget)}`);
    if (t.spentThisMonth) lines.push(`  spent this month / 本月: ${formatYuan(t.spentThisMonth)}`);
    if (t.spentToDate) lines.push(`  spent to date / 累计:    ${formatYuan(t.spentToDate)}`);
  }
  const errors = status.errors ?? [];
  for (const e of errors.slice(0, maxErrors)) lines.push(`  error: ${describeIssue(e)}`);
  const total = status.errorCount ?? errors.length;
  if (total > Math.min(errors.length, maxErrors)) {
    lines.push(`  … ${total - Math.min(errors.length, maxErrors)} more error(s)`);
  }
  for (const w of status.warnings ?? []) lines.push(`  warning: ${describeIssue(w)}`);
  return lines;
}
