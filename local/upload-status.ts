/**
 * Reading the status record ingest writes for every upload (`status/<key>.json`, docs/contract.md §5)
 * and saying it in a line or two.
 */
import * as z from 'zod';
import { statusRecordSchema } from '../functions/common/status-record';
import type { PublicIssue } from '../shared/export/public-issue';
import { yuanAndWan } from '../shared/format';

/**
 * A status record as the console and the CLI read it: the pipeline's own schema with every
 * field but the key and the status optional, and unknown fields kept, so a record written by
 * another version of the pipeline still prints.
 */
export const statusRecordViewSchema = z.looseObject({
  ...statusRecordSchema.partial().shape,
  key: z.string(),
  status: z.string(),
});

export type StatusRecordView = z.infer<typeof statusRecordViewSchema>;

export function parseUploadStatus(text: string): StatusRecordView | null {
  try {
    const parsed = statusRecordViewSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** "46233300.00" → "46,233,300.00 元 (4623.33 万元)", 万元 as the reports print it. */
export function describeYuan(yuan: string): string {
  try {
    return yuanAndWan(yuan);
  } catch {
    return yuan;
  }
}

/** `第3行「全年预算数」列 / line 3, column 全年预算数: value "abc" <message>` (messages are bilingual). */
export function describeIssue(i: PublicIssue): string {
  const zh = `${i.line ? `第${i.line}行` : ''}${i.column ? `「${i.column}」列` : ''}` || '文件';
  const where = [i.line ? `line ${i.line}` : null, i.column ? `column ${i.column}` : null]
    .filter((x) => x !== null)
    .join(', ');
  const value = i.value !== null && i.value !== undefined ? ` value "${i.value}"` : '';
  return `${zh} / ${where || 'file'}:${value} ${i.message}`;
}

const STATUS_ZH: Readonly<Record<string, string>> = {
  accepted: '已接受',
  rejected: '已拒绝',
  superseded: '已被新文件取代',
  deleted: '已删除',
};

/**
 * One headline plus detail lines: the totals of an accepted file (unless `totals: false`),
 * then every error and warning, errors up to `maxErrors`.
 */
export function describeStatus(
  status: StatusRecordView,
  options: { maxErrors?: number; totals?: boolean } = {},
): string[] {
  const maxErrors = options.maxErrors ?? Number.POSITIVE_INFINITY;
  const parts = [`${status.key}: ${status.status}`];
  const zh = [STATUS_ZH[status.status] ?? status.status];
  if (status.period) {
    parts.push(`period ${status.period}`);
    zh.push(`期间 ${status.period}`);
  }
  if (status.rows !== undefined && status.rows !== null) {
    parts.push(`${status.rows} rows`);
    zh.push(`${status.rows} 行`);
  }
  const lines = [`${parts.join(', ')} (${zh.join('，')})`];
  if (status.totals && status.status === 'accepted' && options.totals !== false) {
    const t = status.totals;
    if (t.budget) lines.push(`  budget / 预算数:          ${describeYuan(t.budget)}`);
    if (t.spentThisMonth) lines.push(`  spent this month / 本月: ${describeYuan(t.spentThisMonth)}`);
    if (t.spentToDate) lines.push(`  spent to date / 累计:    ${describeYuan(t.spentToDate)}`);
  }
  const errors = status.errors ?? [];
  for (const e of errors.slice(0, maxErrors)) lines.push(`  错误 error: ${describeIssue(e)}`);
  const total = status.errorCount ?? errors.length;
  if (total > Math.min(errors.length, maxErrors)) {
    const more = total - Math.min(errors.length, maxErrors);
    lines.push(`  … 另有 ${more} 个错误 / ${more} more error(s)`);
  }
  for (const w of status.warnings ?? []) lines.push(`  提示 warning: ${describeIssue(w)}`);
  return lines;
}
