/**
 * The row-level rules of the export contract, applied to records as a record source produces
 * them (see `record-source.ts`): find the header, check every cell, check totals rows,
 * aggregate, and collect issues. Holds only per-group and per-code state, never rows, so
 * memory does not grow with the file. Knows nothing of CSV or workbooks.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Period, ProjectLevel, ValidationResult } from '../domain-types';
import { sumAmounts, zeroAmounts } from '../money';
import type { Amounts } from '../vocabulary';
import { cellAddress } from './cell-address';
import { normalizeCode, normalizeName, splitCodeAndName } from './code-and-name';
import { type AmountField, CSV_FIELDS, type CsvField, EXPORT_FIELDS, type FieldSpec } from './export-fields';
import { fitToWidth } from './fit-to-width';
import { type DetailRow, GroupAggregator } from './group-aggregator';
import { type DetectedHeader, type HeaderContext, HeaderDetection } from './header-detection';
import type { IssueCode } from './issue-codes';
import { type ColumnRef, IssueCollector, type IssueSink } from './issue-collector';
import { messages } from './issue-messages';
import { containsResidentId } from './personal-data';
import type { RangeState } from './range-state';
import { readAmount } from './read-amount';
import { readerProblemIssue } from './reader-problem-issue';
import type { ReaderProblem, RecordSink, SourceSummary } from './record-source';
import {
  FieldValidator,
  monthSchema,
  projectCodeSchema,
  projectNameSchema,
  unitCodeSchema,
  unitNameSchema,
  yearSchema,
} from './row-schema';
import { TextMemo } from './text-memo';
import { TotalsRows, TotalsTracker } from './totals-rows';
import type { ValidateOptions } from './validate-options';

/** Rows with a cell problem held until the header is known; a real file has a handful. */
const MAX_PENDING_CELL_PROBLEMS = 1000;

function isBlankRecord(record: readonly string[]): boolean {
  for (const field of record) if (field.trim() !== '') return false;
  return true;
}

/**
 * The carried fields read by a rule of the field table alone (a checked value, or an optional
 * name or code): what the aggregator takes from a row besides the key codes, the required
 * names and the amounts, which have rules of their own below.
 */
interface TableReadField {
  field: CsvField;
  rule: FieldSpec['read'];
  absent: unknown;
  validator: FieldValidator<unknown> | null;
}

const IDENTITY_FIELDS: ReadonlySet<CsvField> = new Set([
  'unitCode',
  'unitName',
  'projectCode',
  'projectName',
]);

function tableReadFields(): TableReadField[] {
  return CSV_FIELDS.flatMap((field): TableReadField[] => {
    const spec: FieldSpec = EXPORT_FIELDS[field];
    if (spec.line === 'none' || spec.line === 'amount' || IDENTITY_FIELDS.has(field)) return [];
    const rule = spec.read;
    if (rule.kind === 'value')
      return [{ field, rule, absent: rule.absent, validator: new FieldValidator(rule.schema) }];
    return [{ field, rule, absent: '', validator: null }];
  });
}

function requiredTextMessage(schema: typeof unitCodeSchema, raw: string): string {
  const parsed = schema.safeParse(raw);
  return parsed.success ? '' : (parsed.error.issues[0]?.message ?? '');
}

export class ExportValidation implements RecordSink, IssueSink {
  private readonly errors: IssueCollector;
  private readonly warnings: IssueCollector;
  private stopReading: () => void = () => {};
  private fatal = false;

  private readonly headerDetection: HeaderDetection;
  private header: DetectedHeader | null = null;
  private totalsRows: TotalsRows | null = null;

  private rows = 0;
  private period: Period | null = null;
  private readonly projects = new Map<string, { name: string; level: ProjectLevel; levelWarned: boolean }>();
  private readonly unitNames = new Map<string, { name: string; warned: boolean }>();
  private readonly aggregator = new GroupAggregator();

  /** Codes and names normalised once per distinct text (they repeat on most rows). */
  private readonly codes = new TextMemo(normalizeCode);
  private readonly names = new TextMemo(normalizeName);
  private readonly splitCodes = new TextMemo(splitCodeAndName);

  private readonly year = new FieldValidator(yearSchema);
  private readonly month = new FieldValidator(monthSchema);
  private readonly tableFields = tableReadFields();
  /** One row object, refilled per row: the aggregator copies what it keeps. */
  private readonly detail: Record<string, unknown> = {};

  /**
   * @param grid records come from a grid (a worksheet): index i is column i, issues name the
   *   cell (`G12`), and a row is as wide as the header says (a grid has no ragged rows).
   */
  constructor(
    private readonly limits: ValidateOptions,
    private readonly grid = false,
    context: HeaderContext = {},
  ) {
    this.headerDetection = new HeaderDetection(this, context);
    this.errors = new IssueCollector(limits.maxErrors);
    this.warnings = new IssueCollector(limits.maxWarnings);
  }

  /** Lets the validation stop the input once the verdict cannot change (a fatal problem). */
  onStop(stop: () => void): void {
    this.stopReading = stop;
  }

  onRecord(record: string[], line: number): void {
    if (this.fatal) return;
    if (this.header !== null) {
      this.reportCellProblems(line);
      this.dataRow(this.grid ? fitToWidth(record, this.header.length) : record, line);
      return;
    }
    this.headerStep(this.headerDetection.offer(record, line));
  }

  private headerStep(step: ReturnType<HeaderDetection['offer']>): void {
    if (step.kind === 'pending') return;
    if (step.kind === 'unusable') {
      // Without a usable header no row can be read; with personal data none should be.
      this.stopFatally();
      return;
    }
    this.header = step.header;
    this.totalsRows = new TotalsRows(step.header, this.aggregator, this);
    this.headerFound?.(step.header);
    for (const { record, line } of step.replay) this.onRecord(record, line);
  }

  onProblem(problem: ReaderProblem): void {
    if (problem.kind === 'formulaWithoutValue') {
      // Reported with the row itself, once the header (which names the column) is known.
      const cells = this.cellProblems.get(problem.line) ?? [];
      cells.push(problem.fieldIndex);
      if (this.cellProblems.size < MAX_PENDING_CELL_PROBLEMS) this.cellProblems.set(problem.line, cells);
      return;
    }
    const issue = readerProblemIssue(problem, this.limits);
    const report = issue.fatal ? this.fail.bind(this) : this.error.bind(this);
    report(issue.code, issue.line, issue.fieldIndex, issue.value, issue.message);
  }

  /** The verdict, once the input has ended (or been stopped). */
  finish({ bytes, encoding }: SourceSummary): ValidationResult {
    if (!this.fatal && this.header === null) {
      if (!this.headerDetection.sawRecords) this.fail('EMPTY_FILE', 0, null, null, messages.emptyFile());
      else this.headerStep(this.headerDetection.settle());
    }
    if (!this.fatal && this.header !== null) this.totalsRows?.finish();
    if (!this.fatal && this.header !== null && this.rows === 0 && this.errors.count === 0) {
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
      ...(this.header === null ? {} : { mapping: { ...this.header.mapping } }),
    };
  }

  // ---- a file read in byte ranges (shared/csv/parallel-validation.ts) ----------------------

  /** Ranges added by `absorb`. */
  private rangesAbsorbed = 0;
  /** Read from the file's start (not `continueUnder`): every range absorbed comes after its rows. */
  private fromFileStart = true;

  /** Told the header once the file's first lines have given it (a range of the file may start). */
  headerFound: ((header: DetectedHeader) => void) | null = null;

  /** Stopped on a problem after which nothing more is read. */
  get stoppedFatally(): boolean {
    return this.fatal;
  }

  /** Reads on from a record inside the file, under the header found at its start. */
  continueUnder(header: DetectedHeader): void {
    this.fromFileStart = false;
    this.header = header;
    this.totalsRows = new TotalsRows(header, this.aggregator, this);
  }

  /** What this range found, for `absorb` (plain data: it is posted between threads). */
  rangeState(): RangeState {
    return {
      header: this.header,
      fatal: this.fatal,
      rows: this.rows,
      period: this.period,
      projects: this.projects,
      unitNames: this.unitNames,
      errors: { kept: this.errors.kept, count: this.errors.count },
      warnings: { kept: this.warnings.kept, count: this.warnings.count },
      totalsRows: this.totalsRows?.seen ?? 0,
      waitingTotalsRows: [...(this.totalsRows?.waiting ?? [])],
      totals: (this.totalsRows?.tracker ?? new TotalsTracker()).state(),
      groups: this.aggregator.state(),
    };
  }

  /**
   * Adds the next range of the file (`lineOffset` lines after the file's start), read on its
   * own, to this validation (which continues under the file's header, see `continueUnder`, and
   * holds the ranges added so far; a source may go on feeding it the rest of the file). Returns
   * false when the ranges read alone may not say what one reading says: a range was read under
   * another header, or stopped on a fatal problem; a totals row after the first range (its sums
   * reach back into earlier ranges); a period, project or unit that a later range met with
   * other names or level than an earlier one (or a conflict reported in both); a row or group
   * limit passed. The caller then reads the file in one piece. Call `finish` after the last.
   */
  absorb(state: RangeState, lineOffset: number): boolean {
    if (state.fatal || !isDeepStrictEqual(state.header, this.header)) return false;
    // A later range's totals rows were checked against its own rows only.
    const later = this.fromFileStart || this.rangesAbsorbed++ > 0;
    if (later && (state.totalsRows > 0 || state.waitingTotalsRows.length > 0)) return false;
    if (state.period !== null) {
      const period = this.period;
      if (period === null) this.period = state.period;
      else {
        if (period.year !== state.period.year || period.month !== state.period.month) return false;
        // The range compared its first period with the stated one, as the file's first row did.
        const stated = this.header?.stated?.period;
        if (stated !== undefined && (stated.year !== period.year || stated.month !== period.month))
          return false;
      }
    }
    for (const [code, project] of state.projects) {
      const known = this.projects.get(code);
      if (known === undefined) this.projects.set(code, { ...project });
      else if (known.name !== project.name || known.level !== project.level) return false;
      else if (known.levelWarned && project.levelWarned) return false;
      else known.levelWarned ||= project.levelWarned;
    }
    for (const [code, unit] of state.unitNames) {
      const known = this.unitNames.get(code);
      if (known === undefined) this.unitNames.set(code, { ...unit });
      else if (known.name !== unit.name || (known.warned && unit.warned)) return false;
      else known.warned ||= unit.warned;
    }
    this.rows += state.rows;
    this.errors.absorb(state.errors.kept, state.errors.count, lineOffset);
    this.warnings.absorb(state.warnings.kept, state.warnings.count, lineOffset);
    this.aggregator.absorb(state.groups);
    this.totalsRows?.absorb(state.totals, state.waitingTotalsRows);
    return this.rows <= this.limits.maxRows && this.aggregator.size <= this.limits.maxGroupsPerFile;
  }

  // ---- rows -----------------------------------------------------------------------------

  private dataRow(record: string[], line: number): void {
    const header = this.header;
    const totalsRows = this.totalsRows;
    if (header === null || totalsRows === null) return;
    const cols = header.columns;
    const totals = totalsRows.tracker;
    if (record.length !== header.length) {
      if (isBlankRecord(record)) return;
      this.error('RAGGED_ROW', line, null, null, messages.raggedRow(record.length, header.length));
      totals.taint({ unitCode: '', projectCode: '', fundType: null });
      return;
    }
    if (this.holdsPersonalData(record, line)) return;
    for (const split of header.splits) {
      const { code, name } = this.splitCodes.get(record[split.source] as string);
      if (split.nameAt !== null) record[split.nameAt] = name;
      record[split.codeAt] = code;
    }
    // Codes and names are compared and grouped as normalised text (full-width, invisible characters).
    const unitCode = this.codes.get(record[cols.unitCode] as string);
    const projectCode = this.codes.get(record[cols.projectCode] as string);
    // Totals and blank rows have no codes (or a label where a code would be).
    if (
      unitCode === '' ||
      projectCode === '' ||
      unitCode.charCodeAt(0) > 0x7f ||
      projectCode.charCodeAt(0) > 0x7f
    ) {
      if (isBlankRecord(record)) return;
      if (totalsRows.offer(record, line, unitCode, projectCode)) return;
    }
    this.rows++;
    if (this.rows > this.limits.maxRows) {
      this.rows--;
      this.fail('TOO_MANY_ROWS', line, null, null, messages.tooManyRows(this.limits.maxRows));
      return;
    }

    const stated = header.stated?.period;
    const year =
      cols.year === -1 ? stated?.year : this.checkCell(this.year, cols.year, 'INVALID_YEAR', record, line);
    const month =
      cols.month === -1
        ? stated?.month
        : this.checkCell(this.month, cols.month, 'INVALID_MONTH', record, line);
    if (year !== undefined && month !== undefined) this.checkPeriod(year, month, record, line);

    if (unitCode === '') this.requiredError('unitCode', unitCodeSchema, record, line);
    const unitName = this.names.get(record[cols.unitName] as string);
    if (unitName === '') this.requiredError('unitName', unitNameSchema, record, line);
    if (projectCode === '') this.requiredError('projectCode', projectCodeSchema, record, line);
    const projectName = this.names.get(record[cols.projectName] as string);
    if (projectName === '') this.requiredError('projectName', projectNameSchema, record, line);

    // The other carried columns, as the field table reads them. Absent means the contract's
    // default; a bad value is an error (and the default stands in so that the rest of the row
    // can still be checked).
    const row = this.detail;
    for (const { field, rule, absent, validator } of this.tableFields) {
      const index = cols[field];
      if (index === -1) row[field] = absent;
      else if (validator !== null && rule.kind === 'value')
        row[field] = this.checkCell(validator, index, rule.issue, record, line) ?? absent;
      else if (rule.kind === 'code') row[field] = this.codes.get(record[index] as string);
      else row[field] = this.names.get(record[index] as string);
    }
    const projectLevel = row.projectLevel as ProjectLevel;
    const fundType = row.fundType as string | null;

    this.checkNames(unitCode, unitName, projectCode, projectName, projectLevel, line, record);

    const budget = this.amount('budget', cols.budget, record, line, true);
    const budgetInitial =
      cols.budgetInitial === -1
        ? null
        : this.amount('budgetInitial', cols.budgetInitial, record, line, false);
    const spentThisMonth =
      cols.spentThisMonth === -1
        ? 0n
        : this.amount('spentThisMonth', cols.spentThisMonth, record, line, false);
    const spentToDate = this.amount('spentToDate', cols.spentToDate, record, line, true);
    const key = { unitCode, projectCode, fundType };
    if (budget === null || spentThisMonth === null || spentToDate === null) {
      totals.taint(key);
      return;
    }
    // Budget reductions exist; a negative line is accepted, and said.
    if (budget < 0n)
      this.warn('NEGATIVE_BUDGET', line, cols.budget, record[cols.budget] ?? null, messages.negativeBudget());
    totals.addDetail(budget, spentThisMonth, spentToDate, key);
    // Rows whose amounts read fine are summed even when another cell is wrong: totals rows
    // further down are then checked without a cascade of false mismatches. (The groups of an
    // invalid file are discarded at the end anyway.)
    if (fundType === null || unitCode === '' || projectCode === '') {
      totals.taintGroup(key);
      return;
    }
    row.unitCode = unitCode;
    row.unitName = unitName;
    row.projectCode = projectCode;
    row.projectName = projectName;
    row.budgetInitial = budgetInitial;
    row.budget = budget;
    row.spentThisMonth = spentThisMonth;
    row.spentToDate = spentToDate;
    this.aggregator.add(row as DetailRow);
    // Checked where groups are made: each costs memory here and an item in one partition later.
    if (this.aggregator.size > this.limits.maxGroupsPerFile) {
      this.fail('TOO_MANY_GROUPS', line, null, null, messages.tooManyGroups(this.limits.maxGroupsPerFile));
    }
  }

  /**
   * A resident ID number in any cell refuses the file (docs/contract.md §2.4), and reading stops: the
   * rest of a file that holds personal data is not looked at. The value is not echoed.
   */
  private holdsPersonalData(record: readonly string[], line: number): boolean {
    for (let index = 0; index < record.length; index++) {
      if (containsResidentId(record[index] as string)) {
        this.fail('PERSONAL_DATA_VALUE', line, index, null, messages.personalDataValue());
        return true;
      }
    }
    return false;
  }

  /**
   * Runs a column's validator on this row's cell. Returns the parsed value, undefined when the
   * cell is invalid (the error is recorded) or the optional column is absent (index -1).
   */
  private checkCell<T>(
    validator: FieldValidator<T>,
    index: number,
    code: IssueCode,
    record: string[],
    line: number,
  ): T | undefined {
    if (index === -1) return undefined;
    const raw = record[index] as string;
    const result = validator.check(raw);
    if (result.ok) return result.value;
    this.error(code, line, index, raw, result.message);
    return undefined;
  }

  /**
   * The first detail row sets the file's period; every other row must have the same. A period
   * stated in the title or file name must agree with the columns, and a 期间 cell that carries
   * a year (`2021-12`) with the 年度 column.
   */
  private checkPeriod(year: number, month: number, record: string[], line: number): void {
    const header = this.header;
    const period = this.period;
    if (header === null) return;
    const cols = header.columns;
    const periodYear = cols.month === -1 ? null : /^\s*(\d{4})\D?\d/.exec(record[cols.month] ?? '');
    if (periodYear !== null && cols.year !== -1 && Number(periodYear[1]) !== year) {
      this.error(
        'PERIOD_CONFLICT',
        line,
        cols.month,
        record[cols.month] ?? null,
        messages.yearConflict(Number(periodYear[1]), year),
      );
      return;
    }
    if (period === null) {
      this.period = { year, month };
      const stated = header.stated;
      if (stated !== null && (stated.period.year !== year || stated.period.month !== month)) {
        const column = stated.period.year !== year ? cols.year : cols.month;
        const [zh, en] = stated.source === 'title' ? ['标题', 'title'] : ['文件名', 'file name'];
        this.error(
          'PERIOD_CONFLICT',
          line,
          column,
          record[column] ?? null,
          messages.periodConflict(
            `${zh}“${stated.text}”`,
            `${en} “${stated.text}”`,
            stated.period,
            '数据行',
            'data rows',
            { year, month },
          ),
        );
      }
    } else if (period.year !== year || period.month !== month) {
      const column = period.year !== year ? cols.year : cols.month;
      this.error(
        'MIXED_PERIOD',
        line,
        column,
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
    const header = this.header;
    if (header === null || projectCode === '' || unitCode === '') return;
    const cols = header.columns;
    const project = this.projects.get(projectCode);
    if (project === undefined) {
      if (projectName !== '')
        this.projects.set(projectCode, { name: projectName, level: projectLevel, levelWarned: false });
    } else {
      if (
        projectName !== '' &&
        project.name !== projectName &&
        normalizeCode(project.name) !== normalizeCode(projectName)
      ) {
        this.error(
          'PROJECT_NAME_CONFLICT',
          line,
          cols.projectName,
          record[cols.projectName] ?? null,
          messages.projectNameConflict(projectCode, project.name),
        );
      }
      if (project.level !== projectLevel && !project.levelWarned) {
        project.levelWarned = true;
        this.warn(
          'PROJECT_LEVEL_CONFLICT',
          line,
          cols.projectLevel,
          record[cols.projectLevel] ?? null,
          messages.projectLevelConflict(projectCode, project.level),
        );
      }
    }
    const unit = this.unitNames.get(unitCode);
    if (unit === undefined) {
      if (unitName !== '') this.unitNames.set(unitCode, { name: unitName, warned: false });
    } else if (
      unitName !== '' &&
      unit.name !== unitName &&
      !unit.warned &&
      normalizeCode(unit.name) !== normalizeCode(unitName)
    ) {
      unit.warned = true;
      this.warn(
        'UNIT_NAME_CONFLICT',
        line,
        cols.unitName,
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
    const header = this.header;
    if (header === null) return null;
    const raw = record[index] as string;
    if (!required && raw.trim() === '') return 0n;
    const reading = readAmount(field, raw, header.scales[field]);
    if (reading.ok) return reading.fen;
    this.error(reading.code, line, index, raw, reading.message);
    return null;
  }

  private requiredError(
    field: 'unitCode' | 'unitName' | 'projectCode' | 'projectName',
    schema: typeof unitCodeSchema,
    record: string[],
    line: number,
  ): false {
    const index = this.header === null ? -1 : this.header.columns[field];
    const raw = record[index] ?? '';
    return this.error('REQUIRED', line, index, raw, requiredTextMessage(schema, raw));
  }

  // ---- issues ---------------------------------------------------------------------------

  /** The header text of a column, as issues name it; null before the header or past its end. */
  private headerText(index: number): string | null {
    return this.header?.headers[index] ?? null;
  }

  /** Records an error; returns false so callers can write `valid = this.error(...)`. */
  error(code: IssueCode, line: number, column: ColumnRef, value: string | null, message: string): false {
    if (typeof column === 'number' && this.isSourceReported(line, column)) return false;
    this.errors.add(code, line, this.columnName(column), value, message, this.cellOf(column, line));
    return false;
  }

  warn(code: IssueCode, line: number, column: ColumnRef, value: string | null, message: string): void {
    this.warnings.add(code, line, this.columnName(column), value, message, this.cellOf(column, line));
  }

  /**
   * Cells the source already reported (a formula without a cached value): the empty text that
   * stands in for them would only repeat the problem as "amount is empty".
   */
  private reportedLine = 0;
  private readonly reportedColumns = new Set<number>();

  private markSourceReported(line: number, column: number): void {
    if (line !== this.reportedLine) {
      this.reportedLine = line;
      this.reportedColumns.clear();
    }
    this.reportedColumns.add(column);
  }

  private isSourceReported(line: number, column: number): boolean {
    return line === this.reportedLine && this.reportedColumns.has(column);
  }

  private readonly cellProblems = new Map<number, number[]>();

  private reportCellProblems(line: number): void {
    const cells = this.cellProblems.get(line);
    if (cells === undefined) return;
    this.cellProblems.delete(line);
    for (const index of cells) {
      this.error('FORMULA_WITHOUT_VALUE', line, index, null, messages.formulaWithoutValue());
      this.markSourceReported(line, index);
    }
  }

  private columnName(column: ColumnRef): string | null {
    return typeof column === 'number' ? this.headerText(column) : column;
  }

  /** Workbook issues name the cell as Excel does; CSV has no cells to name. */
  private cellOf(column: ColumnRef, line: number): string | undefined {
    if (!this.grid || typeof column !== 'number' || line <= 0) return undefined;
    return cellAddress(this.header?.sourceColumn[column] ?? column, line);
  }

  /** A problem after which reading on cannot change the verdict. */
  private fail(
    code: IssueCode,
    line: number,
    column: ColumnRef,
    value: string | null,
    message: string,
  ): void {
    this.error(code, line, column, value, message);
    this.stopFatally();
  }

  private stopFatally(): void {
    this.fatal = true;
    this.stopReading();
  }
}
