/**
 * The rules of indicator files (docs/contract.md §4.2), applied to records as a record reader produces
 * them: find the header (title lines above it are skipped, as for exports), check every cell,
 * gather the rows into sets per (year, projectCode), and check each set's weights plus the
 * execution weight sum to 100. All or nothing: one bad row rejects the file.
 */

import type { TextEncoding } from '../csv/detect-encoding';
import type { ValidationIssue } from '../domain-types';
import { cellAddress } from '../export/cell-address';
import { fitToWidth } from '../export/fit-to-width';
import type { IssueCode } from '../export/issue-codes';
import { IssueCollector } from '../export/issue-collector';
import { messages } from '../export/issue-messages';
import { normalizeHeader } from '../export/normalize-header';
import { containsResidentId, isPersonalDataHeader } from '../export/personal-data';
import { readerProblemIssue } from '../export/reader-problem-issue';
import type { CellFormats, ReaderProblem, RecordSink, SourceSummary } from '../export/record-source';
import { FieldValidator, yearSchema } from '../export/row-schema';
import type { ValidateOptions } from '../export/validate-options';
import {
  add,
  compare,
  mul,
  parseDecimal,
  type Ratio,
  ratio,
  ratioOfNumber,
  ratioToDecimalString,
  ZERO,
} from '../rational';
import { emptyFormTexts, type FORM_ROWS, formRowOf } from '../self-evaluation/form-texts';
import type { IndicatorSet, IndicatorValues, Level1Indicator } from '../self-evaluation/indicator-set';
import { parseQualitative } from '../self-evaluation/qualitative';
import { standardWeightDepartures } from '../self-evaluation/standard-weights';
import {
  level1Schema,
  normalizeCell,
  normalizeText,
  numberSchema,
  operatorSchema,
  requiredTextSchema,
  weightSchema,
} from './indicator-cells';
import {
  INDICATOR_FIELD_SPECS,
  INDICATOR_FIELDS,
  type IndicatorField,
  indicatorFieldOfHeader,
  isIndicatorHeader,
} from './indicator-fields';
import { indicatorMessages } from './indicator-messages';
import { judgementProblem } from './qualitative-cell';

const MAX_PREAMBLE_RECORDS = 10;
const HUNDRED = ratioOfNumber(100);

export interface IndicatorValidationResult {
  valid: boolean;
  /** The file's year, from its first data row. */
  year: number | null;
  rows: number;
  /** The sets, in order of first appearance. Empty when invalid. */
  sets: IndicatorSet[];
  errors: ValidationIssue[];
  errorCount: number;
  warnings: ValidationIssue[];
  bytes: number;
  encoding: TextEncoding | null;
}

interface SetDraft {
  set: IndicatorSet;
  firstLine: number;
  weights: Ratio;
  weightByLevel1: Map<Level1Indicator, Ratio>;
  seen: Map<string, number>;
  /** Form rows seen, by label → line. */
  formLines: Map<string, number>;
}

/**
 * A number Excel shows as a percentage holds the fraction (95% is 0.95): read it as the CSV's
 * `95%` reads, 95 with its unit, so 实际完成值 prints 95 and scores against a target of 95.
 */
function percentText(stored: string): string {
  const value = parseDecimal(stored);
  return value === null ? stored : `${ratioToDecimalString(mul(value, ratio(100n)))}%`;
}

function isBlank(record: readonly string[]): boolean {
  return record.every((cell) => cell.trim() === '');
}

export class IndicatorValidation implements RecordSink {
  private readonly errors: IssueCollector;
  private readonly warnings: IssueCollector;
  private stopReading: () => void = () => {};
  private fatal = false;
  private phase: 'preamble' | 'rows' = 'preamble';
  private preambleCount = 0;
  private firstRecord: { record: string[]; line: number } | null = null;
  private headers: string[] = [];
  private cols: Partial<Record<IndicatorField, number>> = {};
  private rows = 0;
  private year: number | null = null;
  private readonly sets = new Map<string, SetDraft>();
  /** Sets with a bad row: their weight sum would only repeat that error, so it is not checked. */
  private readonly tainted = new Set<string>();
  private readonly yearCell = new FieldValidator(yearSchema);
  private readonly executionWeight: Ratio;

  private readonly level1 = new FieldValidator(level1Schema);
  private readonly operator = new FieldValidator(operatorSchema);
  private readonly target = numberSchema('年度指标值', 'target');
  private readonly actual = numberSchema('实际完成值', 'actual');

  /**
   * @param grid records come from a worksheet: a row is as wide as the header (blank trailing
   *   cells are not written), percent-formatted numbers are read as percentages, and issues name
   *   the cell (`H12`).
   */
  constructor(
    private readonly limits: ValidateOptions,
    executionWeight: number,
    private readonly grid = false,
  ) {
    this.errors = new IssueCollector(limits.maxErrors);
    this.warnings = new IssueCollector(limits.maxWarnings);
    this.executionWeight = ratioOfNumber(executionWeight);
  }

  onStop(stop: () => void): void {
    this.stopReading = stop;
  }

  onRecord(record: string[], line: number, formats?: CellFormats): void {
    if (this.fatal) return;
    if (this.phase === 'rows') {
      const row = this.grid ? fitToWidth(record, this.headers.length) : record;
      for (const index of formats?.percent ?? []) {
        if (index < row.length) row[index] = percentText(row[index] ?? '');
      }
      this.dataRow(row, line);
      return;
    }
    if (isBlank(record)) return;
    if (isIndicatorHeader(record)) {
      this.acceptHeader(record, line);
      return;
    }
    this.firstRecord ??= { record, line };
    this.preambleCount++;
    if (this.preambleCount >= MAX_PREAMBLE_RECORDS)
      this.fail('NO_HEADER', line, null, null, indicatorMessages.noHeader());
  }

  onProblem(problem: ReaderProblem): void {
    if (problem.kind === 'formulaWithoutValue') {
      const column = this.headerAt(problem.fieldIndex);
      this.error('FORMULA_WITHOUT_VALUE', problem.line, column, null, messages.formulaWithoutValue());
      return;
    }
    const issue = readerProblemIssue(problem, this.limits);
    const column = issue.fieldIndex === null ? null : this.headerAt(issue.fieldIndex);
    const report = issue.fatal ? this.fail.bind(this) : this.error.bind(this);
    report(issue.code, issue.line, column, issue.value, issue.message);
  }

  finish({ bytes, encoding }: SourceSummary): IndicatorValidationResult {
    if (!this.fatal && this.phase === 'preamble') {
      if (this.firstRecord === null) this.fail('EMPTY_FILE', 0, null, null, messages.emptyFile());
      else this.fail('NO_HEADER', this.firstRecord.line, null, null, indicatorMessages.noHeader());
    }
    if (!this.fatal && this.phase === 'rows') {
      if (this.rows === 0 && this.errors.count === 0)
        this.error('HEADER_ONLY', 0, null, null, messages.headerOnly());
      this.checkWeights();
    }
    const valid = this.errors.count === 0;
    return {
      valid,
      year: this.year,
      rows: this.rows,
      sets: valid ? [...this.sets.values()].map((draft) => draft.set) : [],
      errors: this.errors.kept,
      errorCount: this.errors.count,
      warnings: this.warnings.kept,
      bytes,
      encoding: bytes === 0 ? null : encoding,
    };
  }

  // ---- header ---------------------------------------------------------------------------

  private acceptHeader(record: string[], line: number): void {
    if (this.preambleCount > 0)
      this.warn('PREAMBLE_IGNORED', line, null, null, messages.preambleIgnored(this.preambleCount));
    this.headers = record.map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '') : cell));
    const seen = new Map<IndicatorField, string[]>();
    let headerErrors = 0;
    this.headers.forEach((header, index) => {
      const { key } = normalizeHeader(header);
      if (key === '') return;
      const field = indicatorFieldOfHeader(header);
      if (field === undefined) {
        if (isPersonalDataHeader(key)) {
          headerErrors++;
          this.error('PERSONAL_DATA_COLUMN', line, header, null, messages.personalData(header));
        } else {
          this.warn('UNKNOWN_COLUMN', line, header, null, messages.unknownColumn(header));
        }
        return;
      }
      const names = seen.get(field) ?? [];
      names.push(header);
      seen.set(field, names);
      if (names.length === 1) this.cols[field] = index;
    });
    for (const [field, names] of seen) {
      if (names.length > 1) {
        headerErrors++;
        this.error(
          'DUPLICATE_COLUMN',
          line,
          names[1] ?? null,
          null,
          indicatorMessages.duplicateColumn(field, names),
        );
      }
    }
    for (const field of INDICATOR_FIELDS) {
      if (INDICATOR_FIELD_SPECS[field].required && this.cols[field] === undefined) {
        headerErrors++;
        this.error('MISSING_COLUMN', line, null, null, indicatorMessages.missingColumn(field));
      }
    }
    if (headerErrors > 0) {
      this.fatal = true;
      this.stopReading();
      return;
    }
    this.phase = 'rows';
  }

  // ---- rows -----------------------------------------------------------------------------

  private cell(record: string[], field: IndicatorField): string {
    const index = this.cols[field];
    return index === undefined ? '' : (record[index] ?? '');
  }

  private column(field: IndicatorField): string | null {
    const index = this.cols[field];
    return index === undefined ? null : (this.headers[index] ?? null);
  }

  private dataRow(record: string[], line: number): void {
    if (isBlank(record)) return;
    if (record.length !== this.headers.length) {
      this.error('RAGGED_ROW', line, null, null, messages.raggedRow(record.length, this.headers.length));
      return;
    }
    this.rows++;
    // A resident ID number in any cell (a 偏差原因 naming a beneficiary, say) refuses the file, as
    // for exports (docs/contract.md §2.4): nothing of it is published. The value is not echoed.
    const personal = record.findIndex(containsResidentId);
    if (personal !== -1) {
      this.fail(
        'PERSONAL_DATA_VALUE',
        line,
        this.headers[personal] ?? null,
        null,
        messages.personalDataValue(),
      );
      return;
    }
    const errorsBefore = this.errors.count;
    this.readRow(record, line);
    if (this.errors.count > errorsBefore) this.tainted.add(normalizeCell(this.cell(record, 'projectCode')));
  }

  private readRow(record: string[], line: number): void {
    const errorsBefore = this.errors.count;

    const yearRaw = this.cell(record, 'year');
    const year = this.yearCell.check(yearRaw);
    if (!year.ok) this.error('INVALID_YEAR', line, this.column('year'), yearRaw, year.message);
    else if (this.year === null) this.year = year.value;
    else if (this.year !== year.value)
      this.error('MIXED_YEAR', line, this.column('year'), yearRaw, indicatorMessages.mixedYear(this.year));

    const projectCode = this.text(record, line, 'projectCode');
    const projectName = normalizeCell(this.cell(record, 'projectName'));
    const formRow = formRowOf(normalizeCell(this.cell(record, 'level1')));
    if (formRow !== undefined) {
      if (this.errors.count > errorsBefore || !year.ok || projectCode === undefined) return;
      this.formRow(formRow, record, line, year.value, projectCode, projectName);
      return;
    }
    const level1 = this.checked(this.level1, record, line, 'level1', 'INVALID_LEVEL1');
    const level2 = this.text(record, line, 'level2');
    const indicator = this.text(record, line, 'indicator');
    const operator = this.checked(this.operator, record, line, 'operator', 'INVALID_OPERATOR');
    const unit = normalizeCell(this.cell(record, 'unit'));
    const weight = this.parsed(weightSchema, record, line, 'weight', 'INVALID_WEIGHT');
    const reason = normalizeText(this.cell(record, 'reason'));

    let values: IndicatorValues;
    if (operator === '定性') {
      const target = normalizeCell(this.cell(record, 'target'));
      if (target === '')
        this.error('REQUIRED', line, this.column('target'), '', indicatorMessages.qualitativeTarget());
      const raw = this.cell(record, 'actual');
      const actual = normalizeCell(raw);
      const judgement = parseQualitative(actual);
      if (judgement === null) {
        this.error('INVALID_RATING', line, this.column('actual'), raw, indicatorMessages.invalidJudgement());
        return;
      }
      values = { operator, target, actual, ...judgement };
    } else {
      const target = this.parsed(this.target, record, line, 'target', 'INVALID_TARGET');
      const actual = this.parsed(this.actual, record, line, 'actual', 'INVALID_ACTUAL');
      if (operator === undefined || target === undefined || actual === undefined) return;
      values = {
        operator,
        target: target.ratio,
        actual: actual.ratio,
        targetText: target.text,
        actualText: actual.text,
      };
    }
    if (values.operator === '定性' && values.score !== null && weight !== undefined) {
      const problem = judgementProblem(values.rating, values.score, weight.ratio, weight.text);
      if (problem !== null) {
        this.error('INVALID_RATING', line, this.column('actual'), values.actual, problem);
        return;
      }
    }
    if (
      this.errors.count > errorsBefore ||
      year.ok === false ||
      projectCode === undefined ||
      level1 === undefined ||
      level2 === undefined ||
      indicator === undefined ||
      weight === undefined
    )
      return;

    const draft = this.draftFor(year.value, projectCode, projectName, line);
    if (draft === undefined) return;
    draft.weightByLevel1.set(level1, add(draft.weightByLevel1.get(level1) ?? ZERO, weight.ratio));
    const identity = `${level1}\u0000${level2}\u0000${indicator}`;
    const earlier = draft.seen.get(identity);
    if (earlier !== undefined)
      this.warn(
        'DUPLICATE_INDICATOR',
        line,
        this.column('indicator'),
        indicator,
        indicatorMessages.duplicateIndicator(indicator, earlier),
      );
    else draft.seen.set(identity, line);
    draft.weights = add(draft.weights, weight.ratio);
    draft.set.indicators.push({
      ...values,
      level1,
      level2,
      indicator,
      unit: unit === '' ? null : unit,
      weight: weight.ratio,
      weightText: weight.text,
      reason: reason === '' ? null : reason,
      line,
    });
  }

  /** The set a row belongs to, created on its first row; undefined (an error given) when the names disagree. */
  private draftFor(
    year: number,
    projectCode: string,
    projectName: string,
    line: number,
  ): SetDraft | undefined {
    let draft = this.sets.get(projectCode);
    if (draft === undefined) {
      draft = {
        set: { year, projectCode, projectName, indicators: [], form: emptyFormTexts() },
        firstLine: line,
        weights: ZERO,
        weightByLevel1: new Map(),
        seen: new Map(),
        formLines: new Map(),
      };
      this.sets.set(projectCode, draft);
    } else if (projectName !== '' && draft.set.projectName === '') {
      draft.set.projectName = projectName;
    } else if (projectName !== '' && draft.set.projectName !== projectName) {
      this.error(
        'PROJECT_NAME_CONFLICT',
        line,
        this.column('projectName'),
        projectName,
        indicatorMessages.projectNameConflict(projectCode, draft.set.projectName),
      );
      return undefined;
    }
    return draft;
  }

  /** A 年度总体目标 / 评价结论 / … row: its text in 年度指标值 (and 实际完成值 for the goal). */
  private formRow(
    row: (typeof FORM_ROWS)[number],
    record: string[],
    line: number,
    year: number,
    projectCode: string,
    projectName: string,
  ): void {
    const draft = this.draftFor(year, projectCode, projectName, line);
    if (draft === undefined) return;
    const earlier = draft.formLines.get(row.label);
    if (earlier !== undefined) {
      this.error(
        'DUPLICATE_FORM_ROW',
        line,
        this.column('level1'),
        row.label,
        indicatorMessages.duplicateFormRow(row.label, projectCode, earlier),
      );
      return;
    }
    draft.formLines.set(row.label, line);
    const cells: IndicatorField[] = ['target', 'actual'];
    row.fields.forEach((field, i) => {
      const text = normalizeText(this.cell(record, cells[i] ?? 'target'));
      draft.set.form[field] = text === '' ? null : text;
    });
  }

  /**
   * The 办法's weights (产出 50, 效益 30, 满意度 10, with 预算执行 10) are a rule 原则上: a set that
   * departs from them is valid, and the status (and the forms) say so, so it is a choice.
   */
  private checkStandardWeights(draft: SetDraft): void {
    if (draft.set.indicators.length === 0) return;
    const departures = standardWeightDepartures(draft.weightByLevel1, this.executionWeight);
    if (departures === null) return;
    this.warn(
      'WEIGHTS_NOT_STANDARD',
      draft.firstLine,
      this.column('weight'),
      departures.actual,
      indicatorMessages.weightsNotStandard(draft.set.projectCode, departures.actual, departures.standard),
    );
  }

  private checkWeights(): void {
    for (const draft of this.sets.values()) {
      if (this.tainted.has(draft.set.projectCode)) continue;
      this.checkStandardWeights(draft);
      const total = add(draft.weights, this.executionWeight);
      if (compare(total, HUNDRED) === 0) continue;
      const sum = ratioToDecimalString(draft.weights);
      this.error(
        'WEIGHTS_NOT_100',
        draft.firstLine,
        this.column('weight'),
        sum,
        indicatorMessages.weightsNot100(
          draft.set.projectCode,
          draft.set.year,
          sum,
          ratioToDecimalString(this.executionWeight),
          ratioToDecimalString(total),
        ),
      );
    }
  }

  private text(record: string[], line: number, field: IndicatorField): string | undefined {
    const spec = INDICATOR_FIELD_SPECS[field];
    return this.parsed(requiredTextSchema(spec.zh, spec.en), record, line, field, 'REQUIRED');
  }

  private checked<T>(
    validator: FieldValidator<T>,
    record: string[],
    line: number,
    field: IndicatorField,
    code: IssueCode,
  ): T | undefined {
    const raw = this.cell(record, field);
    const result = validator.check(raw);
    if (result.ok) return result.value;
    this.error(code, line, this.column(field), raw, result.message);
    return undefined;
  }

  private parsed<T>(
    schema: {
      safeParse(
        raw: string,
      ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
    },
    record: string[],
    line: number,
    field: IndicatorField,
    code: IssueCode,
  ): T | undefined {
    const raw = this.cell(record, field);
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    this.error(
      code,
      line,
      this.column(field),
      raw,
      result.error.issues[0]?.message ?? '值无效 / Invalid value',
    );
    return undefined;
  }

  private headerAt(index: number | null): string | null {
    if (index === null || this.phase !== 'rows') return null;
    return this.headers[index] ?? null;
  }

  private error(
    code: IssueCode,
    line: number,
    column: string | null,
    value: string | null,
    message: string,
  ): void {
    this.errors.add(code, line, column, value, message, this.cellOf(column, line));
  }

  private warn(
    code: IssueCode,
    line: number,
    column: string | null,
    value: string | null,
    message: string,
  ): void {
    this.warnings.add(code, line, column, value, message, this.cellOf(column, line));
  }

  /** Workbook issues name the cell as Excel does (`H12`); CSV has no cells to name. */
  private cellOf(column: string | null, line: number): string | undefined {
    if (!this.grid || column === null || line <= 0) return undefined;
    const index = this.headers.indexOf(column);
    return index === -1 ? undefined : cellAddress(index, line);
  }

  private fail(
    code: IssueCode,
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
