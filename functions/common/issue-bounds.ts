/**
 * Whatever a file holds, its status must fit where it is stored (docs/contract.md §3.1): DynamoDB counts
 * an item's UTF-8 bytes (400 KB; a Chinese character is 3 bytes), and a message that echoes a
 * 150,000-character name a hundred times would not fit anywhere sensible. So every issue is
 * capped (message and echoed value, in UTF-8 bytes, cut on a character boundary), the S3
 * status object carries the capped list, and the head item only a summary within a byte budget.
 */
import type { PublicIssue } from '../../shared/export/public-issue';

/** Long enough for any message the validator writes with a short value in it. */
export const MAX_MESSAGE_BYTES = 2048;
/** Enough to recognise a value; the validator already cuts values at 200 characters. */
export const MAX_VALUE_BYTES = 600;
/** The head's share for errors and for warnings: far below DynamoDB's 400 KB item limit together. */
export const HEAD_ERRORS_BYTES = 64 * 1024;
export const HEAD_WARNINGS_BYTES = 32 * 1024;

const ELLIPSIS = '…';

/** `text` cut to at most `maxBytes` UTF-8 bytes (ellipsis included), never inside a character. */
export function capUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(ELLIPSIS);
  let used = 0;
  let out = '';
  for (const ch of text) {
    const bytes = Buffer.byteLength(ch);
    if (used + bytes > budget) break;
    used += bytes;
    out += ch;
  }
  return `${out}${ELLIPSIS}`;
}

export function capIssue(issue: PublicIssue): PublicIssue {
  return {
    line: issue.line,
    column: issue.column === null ? null : capUtf8(issue.column, MAX_VALUE_BYTES),
    // A workbook issue's cell (`G12`) is short and is what the person opens the file at.
    ...(issue.cell === undefined ? {} : { cell: issue.cell }),
    value: issue.value === null ? null : capUtf8(issue.value, MAX_VALUE_BYTES),
    message: capUtf8(issue.message, MAX_MESSAGE_BYTES),
  };
}

/** Rough stored size of an issue: its strings plus a little per attribute. */
function issueBytes(issue: PublicIssue): number {
  return (
    Buffer.byteLength(issue.message) +
    Buffer.byteLength(issue.value ?? '') +
    Buffer.byteLength(issue.column ?? '') +
    64
  );
}

/** The first capped issues that fit in `budgetBytes` (the rest stay in the S3 status object). */
export function summarizeIssues(issues: readonly PublicIssue[], budgetBytes: number): PublicIssue[] {
  const kept: PublicIssue[] = [];
  let used = 0;
  for (const issue of issues) {
    const capped = capIssue(issue);
    used += issueBytes(capped);
    if (used > budgetBytes) break;
    kept.push(capped);
  }
  return kept;
}
