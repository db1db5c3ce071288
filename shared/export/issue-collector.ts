/**
 * Keeps the first N problems of a file and counts the rest, so a 1M-row file with the same
 * mistake on every line costs constant memory and still tells the user how many there were.
 */
import type { ValidationIssue } from '../domain-types';
import type { IssueCode } from './issue-codes';
import { maskPersonalNumbers } from './personal-data';

/** Long enough to recognise a value, short enough that a 1 MiB field never lands in a status record. */
const MAX_VALUE_CHARS = 200;

/** A value as issues echo it: capped in length, personal numbers masked (see `maskPersonalNumbers`). */
export function truncateValue(value: string | null): string | null {
  if (value === null) return value;
  const capped = value.length <= MAX_VALUE_CHARS ? value : `${value.slice(0, MAX_VALUE_CHARS)}…`;
  return maskPersonalNumbers(capped);
}

export class IssueCollector {
  readonly kept: ValidationIssue[] = [];
  count = 0;

  constructor(private readonly cap: number) {}

  add(
    code: IssueCode,
    line: number,
    column: string | null,
    value: string | null,
    message: string,
    cell?: string,
  ): void {
    this.count++;
    if (this.kept.length < this.cap) {
      const issue: ValidationIssue = {
        code,
        line,
        column,
        value: truncateValue(value),
        message: maskPersonalNumbers(message),
      };
      if (cell !== undefined) issue.cell = cell;
      this.kept.push(issue);
    }
  }

  /**
   * The issues of the rows after this collector's (a later byte range, read on its own): kept
   * ones as long as there is room, all counted — the first N of the whole file, as if one
   * collector had seen every row. `lineOffset` turns the range's line numbers into the file's.
   */
  absorb(kept: readonly ValidationIssue[], count: number, lineOffset: number): void {
    for (const issue of kept) {
      if (this.kept.length >= this.cap) break;
      this.kept.push(issue.line > 0 ? { ...issue, line: issue.line + lineOffset } : issue);
    }
    this.count += count;
  }
}

/** Where validation reports what it finds: errors reject the file, warnings do not. */
/**
 * Where a column is: its index in the record (the header text is looked up, and in a workbook
 * the cell is named too), or a header text as written, or null for a row or file problem.
 */
export type ColumnRef = number | string | null;

export interface IssueSink {
  error(code: IssueCode, line: number, column: ColumnRef, value: string | null, message: string): void;
  warn(code: IssueCode, line: number, column: ColumnRef, value: string | null, message: string): void;
}
