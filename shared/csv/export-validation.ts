/**
 * The row-level rules of the CSV contract, applied to records as the reader produces them:
 * find the header, check every cell, check totals rows, aggregate, and collect issues. Holds
 * only per-group and per-code state, never rows, so memory does not grow with the file.
 */
import {
  type Amounts,
  type ExpenditureType,
  FUND_TYPES,
  type FundType,
  type Period,
  type ProjectLevel,
  type ValidationResult,
} from '../domain-types';
import { type AmountScale, parseAmount, sumAmounts, zeroAmounts } from '../money';
import { buildColumnMap, type ColumnMap, countKnownHeaders } from './column-map';
import {
  AMOUNT_FIELDS,
  type AmountField,
  CSV_FIELD_SPECS,
  CSV_FIELDS,
  type CsvField,
  isAmountField,
} from './csv-fields';
import type { ReaderProblem, RecordSink } from './csv-record-reader';
import type { TextEncoding } from './detect-encoding';
import { GroupAggregator } from './group-aggregator';
import { IssueCollector } from './issue-collector';
import { messages } from './issue-messages';
import {
  expenditureTypeSchema,
  FieldValidator,
  functionCodeSchema,
  fundTypeSchema,
  monthSchema,
  projectCodeSchema,
  projectLevelSchema,
  projectNameSchema,
  unitCodeSchema,
  unitNameSchema,
  yearSchema,
} from './row-schema';
import {
  firstDifference,
  type TotalsCandidate,
  type TotalsKind,
  TotalsTracker,
  totalsKindOf,
} from './totals-rows';
import type { ValidateOptions } from './validate-options';

/** Lines above the header tolerated as a title/unit note before giving up on finding one. */
const MAX_PREAMBLE_RECORDS = 10;
/** A header names at least this many contract fields; a title line names none. */
const MIN_HEADER_FIELDS = 3;

const UNIT_NOTE_WAN = /单位\s*[:：]?\s*万元/;
const UNIT_NOTE_YUAN = /单位\s*[:：]?\s*元/;

/** 合计 rows above the detail rows, kept for the end-of-file check; a real file has one or two. */
const MAX_DEFERRED_TOTALS = 20;

interface PendingTotalsRow {
  kind: TotalsKind;
  stated: Partial<Amounts>;
  labelFundType: FundType | null;
  line: number;
  record: string[];
}

/** Column index per field; -1 when an optional column is absent. */
type ColumnIndices = Record<CsvField, number>;

function isBlankRecord(record: readonly string[]): boolean {
  for (const field of record) if (field.trim() !== '') return false;
  return true;
}

function requiredTextMessage(schema: typeof unitCodeSchema, raw: string): string {
  const parsed = schema.safeParse(raw);
  return parsed.success ? '' : (parsed.error.issues[0]?.message ?? '');
}

export class ExportValidation implements RecordSink {
  private readonly errors: IssueCollector;
  private readonly warnings: IssueCollector;
  private stopReading: () => void = () => {};
  private fatal = false;

  private phase: 'preamble' | 'rows' = 'preamble';
  private readonly preamble: { record: string[]; line: number }[] = [];
  private headers: string[] = [];
  private headerLength = 0;
  private cols: ColumnIndices | null = null;
  private scales: Record<AmountField, AmountScale> = {
    budget: 'yuan',
    spentThisMonth: 'yuan',
    spentToDate: 'yuan',
  };

  private rows = 0;
  private period: Period | null = null;
  private readonly projects = new Map<string, { name: string; level: ProjectLevel; levelWarned: boolean }>();
  private readonly unitNames = new Map<string, { name: string; warned: boolean }>();
  private readonly aggregator = new GroupAggregator();
  private readonly totals = new TotalsTracker();
  private readonly deferredTotals: PendingTotalsRow[] = [];
  /** Indices of the present non-amount columns: where a totals label can be. */
  private textColumns: number[] = [];

  private readonly year = new FieldValidator(yearSchema);
  private readonly month = new FieldValidator(monthSchema);
  private readonly level = new FieldValidator(projectLevelSchema);
  private readonly fundType = new FieldValidator(fundTypeSchema);
  private readonly functionCode = new FieldValidator(functionCodeSchema);
  private readonly expenditureType = new FieldValidator(expenditureTypeSchema);

  constructor(options: ValidateOptions) {
    this.errors = new IssueCollector(options.maxErrors);
    this.warnings = new IssueCollector(options.maxWarnings);
    this.limits = options;
  }

  private readonly limits: ValidateOptions;

  /** Lets the validation stop the input once the verdict cannot change (a fatal problem). */
  onStop(stop: () => void): void {
    this.stopReading = stop;
  }

  onRecord(record: string[], line: number): void {
    if (this.fatal) return;
    if (this.phase === 'rows') {
      this.dataRow(record, line);
      return;
    }
    if (isBlankRecord(record)) return;
    if (countKnownHeaders(record) >= MIN_HEADER_FIELDS) {
      this.acceptHeader(record, line, this.preamble.length);
      this.preamble.length = 0;
      return;
    }
    this.preamble.push({ record, line });
    if (this.preamble.length >= MAX_PREAMBLE_RECORDS) this.settlePreamble();
  }

  onProblem(problem: ReaderProblem): void {
    switch (problem.kind) {
      case 'workbook':
        this.fail('WORKBOOK_NOT_CSV', 0, null, null, messages.workbook(problem.format));
        return;
      case 'utf16':
        this.fail('UNSUPPORTED_ENCODING', 0, null, null, messages.utf16());
        return;
      case 'binary':
        this.fail('BINARY_FILE', 0, null, null, messages.binary());
        return;
      case 'fileTooLarge':
        this.fail('FILE_TOO_LARGE', 0, null, null, messages.fileTooLarge(problem.limit));
        return;
      case 'recordTooLarge':
        if (problem.fieldTooLarge) {
          this.fail(
            'FIELD_TOO_LARGE',
            problem.line,
            this.headerAt(problem.fieldIndex),
            null,
            messages.fieldTooLarge(this.limits.maxFieldBytes),
          );
        } else {
          this.fail(
            'RECORD_TOO_LARGE',
            problem.line,
            null,
            null,
            messages.recordTooLarge(this.limits.maxRecordBytes),
          );
        }
        return;
      case 'syntax':
        this.error(
          problem.unclosedQuote ? 'UNCLOSED_QUOTE' : 'INVALID_QUOTE',
          problem.line,
          this.headerAt(problem.fieldIndex),
          null,
          problem.unclosedQuote ? messages.unclosedQuote() : messages.badQuote(),
        );
        return;
      case 'badEncoding':
        this.error(
          'INVALID_ENCODING',
          problem.line,
          this.headerAt(problem.fieldIndex),
          problem.value,
          messages.badEncoding(problem.encoding),
        );
        return;
    }
  }

  /** The verdict, once the input has ended (or been stopped). */
  finish(bytes: number, encoding: TextEncoding | null): ValidationResult {
    if (!this.fatal && this.phase === 'preamble') {
      if (this.preamble.length === 0) this.fail('EMPTY_FILE', 0, null, null, messages.emptyFile());
      else this.settlePreamble();
    }
    if (!this.fatal && this.phase === 'rows') this.checkDeferredTotals();
    if (!this.fatal && this.phase === 'rows' && this.rows === 0 && this.errors.count === 0) {
      this.error('HEADER_ONLY', 0, null, null, messages.headerOnly());
    }
    const valid = this.errors.count === 0;
    const groups = valid ? this.aggregator.toGroupLines() : [];
    const totals: Amounts = valid ? sumAmounts(groups.map((group) => group.amounts)) : zeroAmounts();
    return {
      valid,
      period: this.period,
      rows: this.rows,
      totals,
      errors: this.errors.kept,
      errorCount: this.errors.count,
      warnings: this.warnings.kept,
      groups,
      bytes,
      encoding: bytes === 0 ? null : encoding,
    };
  }

  // ---- header ---------------------------------------------------------------------------

  /** No header-like line among the first lines: take the first one, and let it fail loudly. */
  private settlePreamble(): void {
    const [first, ...rest] = this.preamble;
    this.preamble.length = 0;
    if (first === undefined) return;
    this.acceptHeader(first.record, first.line, 0);
    for (const { record, line } of rest) this.onRecord(record, line);
  }

  private acceptHeader(record: string[], line: number, preambleCount: number): void {
    let defaultScale: AmountScale = 'yuan';
    for (const { record: note } of this.preamble) {
      const text = note.join(' ');
      if (UNIT_NOTE_WAN.test(text)) defaultScale = 'wan';
      else if (UNIT_NOTE_YUAN.test(text)) defaultScale = 'yuan';
    }
    if (preambleCount > 0)
      this.warn('PREAMBLE_IGNORED', line, null, null, messages.preambleIgnored(preambleCount));

    // Excel's "Text (tab delimited)" and European-locale CSVs put the whole header in one cell.
    const only = record.length === 1 ? (record[0] ?? '') : '';
    const separator = ['\t', ';', '|'].find((candidate) => only.includes(candidate));
    if (separator !== undefined) {
      this.fail('NOT_COMMA_SEPARATED', line, null, null, messages.notCommaSeparated(separator));
      return;
    }

    const map: ColumnMap = buildColumnMap(record, defaultScale);
    this.headers = map.headers;
    this.headerLength = record.length;
    let headerErrors = 0;
    for (const problem of map.problems) {
      switch (problem.kind) {
        case 'personalData':
          headerErrors++;
          this.error(
            'PERSONAL_DATA_COLUMN',
            line,
            problem.header,
            null,
            messages.personalData(problem.header),
          );
          break;
        case 'missing':
          headerErrors++;
          this.error('MISSING_COLUMN', line, null, null, messages.missingColumn(problem.field));
          break;
        case 'duplicate':
          headerErrors++;
          this.error(
            'DUPLICATE_COLUMN',
            line,
            problem.headers[1] ?? null,
            null,
            messages.duplicateColumn(problem.field, problem.headers),
          );
          break;
        case 'unknown':
          this.warn('UNKNOWN_COLUMN', line, problem.header, null, messages.unknownColumn(problem.header));
          break;
      }
    }
    if (headerErrors > 0) {
      // Without a usable header no row can be read; with personal data none should be.
      this.fatal = true;
      this.stopReading();
      return;
    }
    const index = (field: CsvField): number => map.columns[field]?.index ?? -1;
    this.cols = {
      year: index('year'),
      month: index('month'),
      unitCode: index('unitCode'),
      unitName: index('unitName'),
      projectCode: index('projectCode'),
      projectName: index('projectName'),
      projectLevel: index('projectLevel'),
      fundType: index('fundType'),
      functionCode: index('functionCode'),
      expenditureType: index('expenditureType'),
      budget: index('budget'),
      spentThisMonth: index('spentThisMonth'),
      spentToDate: index('spentToDate'),
    };
    for (const field of AMOUNT_FIELDS) this.scales[field] = map.columns[field]?.scale ?? defaultScale;
    this.textColumns = CSV_FIELDS.filter((field) => !isAmountField(field))
      .map((field) => map.columns[field]?.index ?? -1)
      .filter((index) => index !== -1);
    this.phase = 'rows';
  }

  // ---- rows -----------------------------------------------------------------------------

  private dataRow(record: string[], line: number): void {
    const cols = this.cols;
    if (cols === null) return;
    if (record.length !== this.headerLength) {
      if (isBlankRecord(record)) return;
      this.error('RAGGED_ROW', line, null, null, messages.raggedRow(record.length, this.headerLength));
      this.totals.taint('', '', null);
      return;
    }

    const unitCode = (record[cols.unitCode] as string).trim();
    const projectCode = (record[cols.projectCode] as string).trim();
    // Totals and blank rows have no codes (or a label where a code would be).
    if (
      unitCode === '' ||
      projectCode === '' ||
      unitCode.charCodeAt(0) > 0x7f ||
      projectCode.charCodeAt(0) > 0x7f
    ) {
      if (isBlankRecord(record)) return;
      if (this.totalsRow(record, line, unitCode, projectCode)) return;
    }
    this.rows++;

    const year = this.checkCell(this.year, cols.year, 'INVALID_YEAR', record, line);
    const month = this.checkCell(this.month, cols.month, 'INVALID_MONTH', record, line);
    if (year !== undefined && month !== undefined) this.checkPeriod(year, month, record, line);

    if (unitCode === '') this.requiredError('unitCode', unitCodeSchema, record, line);
    const unitName = (record[cols.unitName] as string).trim();
    if (unitName === '') this.requiredError('unitName', unitNameSchema, record, line);
    if (projectCode === '') this.requiredError('projectCode', projectCodeSchema, record, line);
    const projectName = (record[cols.projectName] as string).trim();
    if (projectName === '') this.requiredError('projectName', projectNameSchema, record, line);

    // Optional columns: absent means the contract's default; a bad value is an error (and the
    // default stands in so that the rest of the row can still be checked).
    const projectLevel: ProjectLevel =
      this.checkCell(this.level, cols.projectLevel, 'INVALID_PROJECT_LEVEL', record, line) ?? '一级';
    const fundType = this.checkCell(this.fundType, cols.fundType, 'INVALID_FUND_TYPE', record, line) ?? null;
    const functionCode =
      this.checkCell(this.functionCode, cols.functionCode, 'INVALID_FUNCTION_CODE', record, line) ?? '';
    const expenditureType: ExpenditureType =
      this.checkCell(this.expenditureType, cols.expenditureType, 'INVALID_EXPENDITURE_TYPE', record, line) ??
      '项目支出';

    this.checkNames(unitCode, unitName, projectCode, projectName, projectLevel, line, record);

    const budget = this.amount('budget', cols.budget, record, line, true);
    const spentThisMonth =
      cols.spentThisMonth === -1
        ? 0n
        : this.amount('spentThisMonth', cols.spentThisMonth, record, line, false);
    const spentToDate = this.amount('spentToDate', cols.spentToDate, record, line, true);
    if (budget === null || spentThisMonth === null || spentToDate === null) {
      this.totals.taint(unitCode, projectCode, fundType);
      return;
    }
    this.totals.addDetail(budget, spentThisMonth, spentToDate, unitCode, projectCode, fundType);
    // Rows whose amounts read fine are summed even when another cell is wrong: totals rows
    // further down are then checked without a cascade of false mismatches. (The groups of an
    // invalid file are discarded at the end anyway.)
    if (fundType === null || unitCode === '' || projectCode === '') {
      this.totals.taintGroup(unitCode, projectCode, fundType);
      return;
    }
    this.aggregator.add({
      unitCode,
      unitName,
      projectCode,
      projectName,
      projectLevel,
      fundType,
      functionCode,
      expenditureType,
      budget,
      spentThisMonth,
      spentToDate,
    });
  }

  /**
   * Runs a column's validator on this row's cell. Returns the parsed value, undefined when the
   * cell is invalid (the error is recorded) or the optional column is absent (index -1).
   */
  private checkCell<T>(
    validator: FieldValidator<T>,
    index: number,
    code: string,
    record: string[],
    line: number,
  ): T | undefined {
    if (index === -1) return undefined;
    const raw = record[index] as string;
    const result = validator.check(raw);
    if (result.ok) return result.value;
    this.error(code, line, this.headers[index], raw, result.message);
    return undefined;
  }

  /** The first detail row sets the file's period; every other row must have the same. */
  private checkPeriod(year: number, month: number, record: string[], line: number): void {
    const cols = this.cols;
    const period = this.period;
    if (cols === null) return;
    if (period === null) {
      this.period = { year, month };
    } else if (period.year !== year || period.month !== month) {
      const column = period.year !== year ? cols.year : cols.month;
      this.error(
        'MIXED_PERIOD',
        line,
        this.headers[column],
        record[column] ?? null,
        messages.mixedPeriod(period.year, period.month),
      );
    }
  }

  /** One name per project code (error); unit names and project levels should agree too (warnings). */
  private checkNames(
    unitCode: string,
    unitName: string,
    projectCode: string,
    projectName: string,
    projectLevel: ProjectLevel,
    line: number,
    record: string[],
  ): void {
    const cols = this.cols;
    if (cols === null || projectCode === '' || unitCode === '') return;
    const project = this.projects.get(projectCode);
    if (project === undefined) {
      if (projectName !== '')
        this.projects.set(projectCode, { name: projectName, level: projectLevel, levelWarned: false });
    } else {
      if (projectName !== '' && project.name !== projectName) {
        this.error(
          'PROJECT_NAME_CONFLICT',
          line,
          this.headers[cols.projectName],
          record[cols.projectName] ?? null,
          messages.projectNameConflict(projectCode, project.name),
        );
      }
      if (project.level !== projectLevel && !project.levelWarned) {
        project.levelWarned = true;
        this.warn(
          'PROJECT_LEVEL_CONFLICT',
          line,
          this.headers[cols.projectLevel],
          record[cols.projectLevel] ?? null,
          messages.projectLevelConflict(projectCode, project.level),
        );
      }
    }
    const unit = this.unitNames.get(unitCode);
    if (unit === undefined) {
      if (unitName !== '') this.unitNames.set(unitCode, { name: unitName, warned: false });
    } else if (unitName !== '' && unit.name !== unitName && !unit.warned) {
      unit.warned = true;
      this.warn(
        'UNIT_NAME_CONFLICT',
        line,
        this.headers[cols.unitName],
        record[cols.unitName] ?? null,
        messages.unitNameConflict(unitCode, unit.name),
      );
    }
  }

  private amount(
    field: AmountField,
    index: number,
    record: string[],
    line: number,
    required: boolean,
  ): bigint | null {
    const raw = record[index] as string;
    if (!required && raw.trim() === '') return 0n;
    const result = parseAmount(raw, this.scales[field]);
    if (result.ok) return result.fen;
    const spec = CSV_FIELD_SPECS[field];
    this.error(
      result.reason === 'TOO_PRECISE' ? 'AMOUNT_TOO_PRECISE' : 'INVALID_AMOUNT',
      line,
      this.headers[index] ?? null,
      raw,
      messages.invalidAmount(spec.zh, spec.en, result.message),
    );
    return null;
  }

  /** @returns true when the row was a totals row (checked, not counted). */
  private totalsRow(record: string[], line: number, unitCode: string, projectCode: string): boolean {
    const cols = this.cols;
    if (cols === null) return false;
    // Any text cell may carry the label: 合计 under 单位名称, 小计 under 资金性质, ...
    const labels = this.textColumns.map((index) => record[index] as string);
    const kind = totalsKindOf(labels);
    if (kind === null) return false;
    // A code cell may hold the label (合计) but never a real code.
    if (
      (unitCode !== '' && totalsKindOf([unitCode]) === null) ||
      (projectCode !== '' && totalsKindOf([projectCode]) === null)
    ) {
      return false;
    }
    const stated: Partial<Amounts> = {};
    let readable = true;
    for (const field of AMOUNT_FIELDS) {
      const index = cols[field];
      if (index === -1) continue;
      const raw = record[index] as string;
      if (raw.trim() === '') continue;
      const result = parseAmount(raw, this.scales[field]);
      if (result.ok) {
        stated[field] = result.fen;
      } else {
        readable = false;
        const spec = CSV_FIELD_SPECS[field];
        this.error(
          'INVALID_AMOUNT',
          line,
          this.headers[index] ?? null,
          raw,
          messages.invalidAmount(spec.zh, spec.en, result.message),
        );
      }
    }
    const labelFundType =
      FUND_TYPES.find((fundType) => labels.some((text) => text.includes(fundType))) ?? null;
    const check = this.totals.check(kind, readable ? stated : {}, this.aggregator, labelFundType);
    const row: PendingTotalsRow = { kind, stated, labelFundType, line, record };
    if (check.status === 'mismatch') this.reportTotalsMismatch(row, check.candidates);
    else if (check.status === 'deferred' && this.deferredTotals.length < MAX_DEFERRED_TOTALS) {
      // Copy only what the message needs; the record array is not kept.
      this.deferredTotals.push({ ...row, record: [...record] });
    }
    return true;
  }

  /** 合计 rows above all detail rows are checked against the whole file once it has been read. */
  private checkDeferredTotals(): void {
    for (const row of this.deferredTotals) {
      const check = this.totals.checkDeferred(row.stated, this.aggregator, row.labelFundType);
      if (check.status === 'mismatch') this.reportTotalsMismatch(row, check.candidates);
    }
    this.deferredTotals.length = 0;
  }

  private reportTotalsMismatch(row: PendingTotalsRow, candidates: TotalsCandidate[]): void {
    const cols = this.cols;
    const primary = candidates[0];
    if (cols === null || primary === undefined) return;
    const field = firstDifference(row.stated, primary.expected) ?? 'budget';
    const index = cols[field];
    this.error(
      'TOTALS_MISMATCH',
      row.line,
      this.headers[index] ?? null,
      row.record[index] ?? null,
      messages.totalsMismatch(row.kind, field, row.stated[field] ?? 0n, candidates),
    );
  }

  private requiredError(
    field: 'unitCode' | 'unitName' | 'projectCode' | 'projectName',
    schema: typeof unitCodeSchema,
    record: string[],
    line: number,
  ): false {
    const cols = this.cols;
    const index = cols === null ? -1 : cols[field];
    const raw = record[index] ?? '';
    return this.error('REQUIRED', line, this.headers[index] ?? null, raw, requiredTextMessage(schema, raw));
  }

  // ---- issues ---------------------------------------------------------------------------

  private headerAt(index: number | null): string | null {
    if (index === null || this.phase !== 'rows') return null;
    return this.headers[index] ?? null;
  }

  /** Records an error; returns false so callers can write `valid = this.error(...)`. */
  private error(
    code: string,
    line: number,
    column: string | null | undefined,
    value: string | null,
    message: string,
  ): false {
    this.errors.add(code, line, column ?? null, value, message);
    return false;
  }

  private warn(
    code: string,
    line: number,
    column: string | null | undefined,
    value: string | null,
    message: string,
  ): void {
    this.warnings.add(code, line, column ?? null, value, message);
  }

  /** A problem after which reading on cannot change the verdict. */
  private fail(
    code: string,
    line: number,
    column: string | null,
    value: string | null,
    message: string,
  ): void {
    this.error(code, line, column, value, message);
    this.fatal = true;
    this.stopReading();
  }
}
