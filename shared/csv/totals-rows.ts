/**
 * Totals rows: exports often carry 合计 / 小计 / 总计 lines between or after the detail lines.
 * They are not data (counting them would double the money); they are checked against the
 * detail rows instead, since a mismatch means rows were lost or edited by hand.
 *
 * What a totals row must equal:
 * - 合计 / 总计: every detail row above it.
 * - 小计: any one of — the detail rows since the previous totals row, all rows so far of the
 *   unit of the detail row just above it, or all rows so far of that row's project. Exports
 *   subtotal either by block or by unit (or project), and the file does not say which.
 * Only the amount cells the totals row fills are compared; empty cells are not checked.
 */
import type { Amounts } from '../domain-types';
import type { AmountField } from './csv-fields';

export type TotalsKind = 'grand' | 'sub';

/** 小计 wins over 合计 ("小计合计" is still a subtotal). */
export function totalsKindOf(texts: readonly string[]): TotalsKind | null {
  let grand = false;
  for (const text of texts) {
    if (text.includes('小计')) return 'sub';
    if (text.includes('合计') || text.includes('总计')) grand = true;
  }
  return grand ? 'grand' : null;
}

export type TotalsScope = 'all' | 'segment' | 'unit' | 'project';

export interface TotalsCandidate {
  scope: TotalsScope;
  /** The unit or project code for those scopes. */
  code: string | null;
  expected: Amounts;
}

export type TotalsCheck =
  | { status: 'match' }
  /** Some detail rows in scope had unreadable amounts: their errors are reported already. */
  | { status: 'unverifiable' }
  | { status: 'mismatch'; candidates: TotalsCandidate[] };

export interface GroupSums {
  sumForUnit(unitCode: string): Amounts;
  sumForProject(projectCode: string): Amounts;
}

interface RunningSum {
  budget: bigint;
  spentThisMonth: bigint;
  spentToDate: bigint;
}

function snapshot(sum: RunningSum): Amounts {
  return { budget: sum.budget, spentThisMonth: sum.spentThisMonth, spentToDate: sum.spentToDate };
}

function matches(stated: Partial<Amounts>, expected: Amounts): boolean {
  for (const field of ['budget', 'spentThisMonth', 'spentToDate'] as const) {
    const value = stated[field];
    if (value !== undefined && value !== expected[field]) return false;
  }
  return true;
}

export class TotalsTracker {
  private readonly all: RunningSum = { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
  private allTainted = false;
  private segment: RunningSum = { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
  private segmentTainted = false;
  private lastUnit: string | null = null;
  private lastProject: string | null = null;
  private readonly taintedUnits = new Set<string>();
  private readonly taintedProjects = new Set<string>();

  /** A detail row with readable amounts. Unit and project sums come from the groups. */
  addDetail(
    budget: bigint,
    spentThisMonth: bigint,
    spentToDate: bigint,
    unitCode: string,
    projectCode: string,
  ): void {
    this.all.budget += budget;
    this.all.spentThisMonth += spentThisMonth;
    this.all.spentToDate += spentToDate;
    this.segment.budget += budget;
    this.segment.spentThisMonth += spentThisMonth;
    this.segment.spentToDate += spentToDate;
    this.lastUnit = unitCode;
    this.lastProject = projectCode;
  }

  /** A detail row whose amounts (or codes) could not be read. */
  taint(unitCode: string, projectCode: string): void {
    this.allTainted = true;
    this.segmentTainted = true;
    this.taintedUnits.add(unitCode);
    this.taintedProjects.add(projectCode);
    this.lastUnit = unitCode;
    this.lastProject = projectCode;
  }

  /**
   * A detail row with readable amounts whose group could not be formed (bad code or fund
   * type): the block and file sums include it, the unit and project sums cannot.
   */
  taintGroup(unitCode: string, projectCode: string): void {
    this.taintedUnits.add(unitCode);
    this.taintedProjects.add(projectCode);
  }

  /** Checks a totals row and starts a new block of detail rows. */
  check(kind: TotalsKind, stated: Partial<Amounts>, groups: GroupSums): TotalsCheck {
    const result = kind === 'grand' ? this.checkGrand(stated) : this.checkSub(stated, groups);
    this.segment = { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
    this.segmentTainted = false;
    return result;
  }

  private checkGrand(stated: Partial<Amounts>): TotalsCheck {
    const expected = snapshot(this.all);
    if (matches(stated, expected)) return { status: 'match' };
    if (this.allTainted) return { status: 'unverifiable' };
    return { status: 'mismatch', candidates: [{ scope: 'all', code: null, expected }] };
  }

  private checkSub(stated: Partial<Amounts>, groups: GroupSums): TotalsCheck {
    const candidates: TotalsCandidate[] = [
      { scope: 'segment', code: null, expected: snapshot(this.segment) },
    ];
    let unverifiable = this.segmentTainted;
    if (this.lastUnit !== null) {
      candidates.push({ scope: 'unit', code: this.lastUnit, expected: groups.sumForUnit(this.lastUnit) });
      unverifiable ||= this.taintedUnits.has(this.lastUnit);
    }
    if (this.lastProject !== null) {
      candidates.push({
        scope: 'project',
        code: this.lastProject,
        expected: groups.sumForProject(this.lastProject),
      });
      unverifiable ||= this.taintedProjects.has(this.lastProject);
    }
    if (candidates.some((candidate) => matches(stated, candidate.expected))) return { status: 'match' };
    if (unverifiable) return { status: 'unverifiable' };
    return { status: 'mismatch', candidates };
  }
}

/** The first amount the totals row states that differs from `expected`. */
export function firstDifference(stated: Partial<Amounts>, expected: Amounts): AmountField | null {
  for (const field of ['budget', 'spentToDate', 'spentThisMonth'] as const) {
    const value = stated[field];
    if (value !== undefined && value !== expected[field]) return field;
  }
  return null;
}
