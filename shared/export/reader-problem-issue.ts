/**
 * What a reader problem means to the user: its issue code, where it is, and its message. One
 * mapping for every validation that reads through a record source (exports, indicator files),
 * so a problem of the input reads the same whatever the file was meant to be.
 */
import type { IssueCode } from './issue-codes';
import { messages } from './issue-messages';
import type { ReaderProblem } from './record-source';
import type { ValidateOptions } from './validate-options';

export interface ReaderProblemIssue {
  code: IssueCode;
  line: number;
  /** The column by position, when the problem lies in one cell. */
  fieldIndex: number | null;
  value: string | null;
  message: string;
  /** Reading on cannot change the verdict (the whole file is refused). */
  fatal: boolean;
}

/** Every problem but `formulaWithoutValue`, which needs the header to name its column. */
type IssueProblem = Exclude<ReaderProblem, { kind: 'formulaWithoutValue' }>;

export function readerProblemIssue(
  problem: IssueProblem,
  limits: Pick<ValidateOptions, 'maxFieldBytes' | 'maxRecordBytes'>,
): ReaderProblemIssue {
  const whole = (code: IssueCode, message: string): ReaderProblemIssue => ({
    code,
    line: 0,
    fieldIndex: null,
    value: null,
    message,
    fatal: true,
  });
  switch (problem.kind) {
    case 'workbook':
      return whole('WORKBOOK_NOT_CSV', messages.workbook(problem.format));
    case 'utf16':
      return whole('UNSUPPORTED_ENCODING', messages.utf16());
    case 'binary':
      return whole('BINARY_FILE', messages.binary());
    case 'fileTooLarge':
      return whole('FILE_TOO_LARGE', messages.fileTooLarge(problem.limit));
    case 'workbookUnreadable':
      return whole('WORKBOOK_UNREADABLE', messages.workbookUnreadable(problem.reason));
    case 'recordTooLarge':
      return problem.fieldTooLarge
        ? {
            code: 'FIELD_TOO_LARGE',
            line: problem.line,
            fieldIndex: problem.fieldIndex,
            value: null,
            message: messages.fieldTooLarge(limits.maxFieldBytes),
            fatal: true,
          }
        : {
            code: 'RECORD_TOO_LARGE',
            line: problem.line,
            fieldIndex: null,
            value: null,
            message: messages.recordTooLarge(limits.maxRecordBytes),
            fatal: true,
          };
    case 'syntax':
      return {
        code: problem.unclosedQuote ? 'UNCLOSED_QUOTE' : 'INVALID_QUOTE',
        line: problem.line,
        fieldIndex: problem.fieldIndex,
        value: null,
        message: problem.unclosedQuote ? messages.unclosedQuote() : messages.badQuote(),
        fatal: false,
      };
    case 'badEncoding':
      return {
        code: 'INVALID_ENCODING',
        line: problem.line,
        fieldIndex: problem.fieldIndex,
        value: problem.value,
        message: messages.badEncoding(problem.encoding),
        fatal: false,
      };
  }
}
