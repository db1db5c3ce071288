/**
 * A period's live lines as a stream in group order (unit, project, fund type: the order of the
 * report, its pages and lines.csv), read page by page with one query per live source, so render
 * holds a few pages of lines at a time whatever the period's size (docs/contract.md §8).
 *
 * Within one source the store gives lines in sort-key order, where codes are percent-encoded
 * and fund types compared as text. The fund types of one (unit, project) are put in order here
 * (they are adjacent in the sort key); unit and project codes of letters, digits and
 * `-_.!~*'()` — what budget systems write — compare the same encoded or not. A code outside
 * that set can order differently: the stream then stops with `LinesOutOfOrderError`, and the
 * caller reads the period whole and sorts it in memory (`readSortedPeriodLines`), as every
 * period was read before streaming.
 */
import type { Fen } from '../../shared/domain-types';
import { compareGroupKeys } from '../../shared/group-key';
import type { SourcedGroupLine } from '../../shared/report/period-report';
import { compareLines } from '../../shared/report/period-report-builder';
import type { PipelineReader } from '../store/pipeline-reader';

export class LinesOutOfOrderError extends Error {
  override name = 'LinesOutOfOrderError';
}

/** The live generation of one source key. */
export interface LiveGeneration {
  key: string;
  gen: string;
}

export interface PeriodLines {
  /**
   * The first line of each source, read before any line is written out: an export's optional
   * columns (年初预算数, code lists) are on every line of it, so these say which the period has.
   */
  firstLines: SourcedGroupLine[];
  lines: AsyncIterable<SourcedGroupLine>;
}

type LineStore = Pick<PipelineReader, 'generationLinePages'>;

/** Lines per query and source: fewer each with many sources, so about 4,000 are held in all. */
export function pageSizeFor(sources: number): number {
  return Math.max(25, Math.min(1_000, Math.floor(4_000 / Math.max(1, sources))));
}

const sameBlock = (a: SourcedGroupLine, b: SourcedGroupLine) =>
  a.unitCode === b.unitCode && a.projectCode === b.projectCode;

/** One source's lines in group order, or `LinesOutOfOrderError`. */
async function* sourceLines(pages: AsyncIterable<SourcedGroupLine[]>): AsyncGenerator<SourcedGroupLine> {
  let block: SourcedGroupLine[] = [];
  let last: SourcedGroupLine | null = null;
  const ordered = (): SourcedGroupLine[] => {
    const lines = block.sort(compareLines);
    block = [];
    for (const line of lines) {
      if (last !== null && compareLines(last, line) >= 0)
        throw new LinesOutOfOrderError(`${line.sourceKey}: codes whose stored order is not the group order`);
      last = line;
    }
    return lines;
  };
  for await (const page of pages) {
    for (const line of page) {
      const head = block[0];
      if (head !== undefined && !sameBlock(head, line)) yield* ordered();
      block.push(line);
    }
  }
  yield* ordered();
}

interface Head {
  line: SourcedGroupLine;
  rest: AsyncIterator<SourcedGroupLine>;
}

/** A binary min-heap of the sources' next lines. */
class Heads {
  private readonly items: Head[] = [];

  push(head: Head): void {
    this.items.push(head);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): Head | undefined {
    const top = this.items[0];
    const end = this.items.pop();
    if (this.items.length > 0 && end !== undefined) {
      this.items[0] = end;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        let least = i;
        if (this.less(left, least)) least = left;
        if (this.less(left + 1, least)) least = left + 1;
        if (least === i) break;
        this.swap(i, least);
        i = least;
      }
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = this.items[i];
    const b = this.items[j];
    return a !== undefined && b !== undefined && compareLines(a.line, b.line) < 0;
  }

  private swap(i: number, j: number): void {
    const a = this.items[i];
    const b = this.items[j];
    if (a === undefined || b === undefined) return;
    this.items[i] = b;
    this.items[j] = a;
  }
}

async function* merged(heads: Heads): AsyncGenerator<SourcedGroupLine> {
  for (;;) {
    const head = heads.pop();
    if (head === undefined) return;
    yield head.line;
    const next = await head.rest.next();
    if (next.done !== true) heads.push({ line: next.value, rest: head.rest });
  }
}

/**
 * Opens the streams of the live generations of `period` and reads each one's first page (to
 * know which optional columns the period has before a line is written out).
 */
export async function openPeriodLines(
  store: LineStore,
  period: string,
  generations: readonly LiveGeneration[],
): Promise<PeriodLines> {
  const pageSize = pageSizeFor(generations.length);
  const heads = new Heads();
  const firstLines: SourcedGroupLine[] = [];
  for (const { key, gen } of generations) {
    const rest = sourceLines(store.generationLinePages(period, key, gen, pageSize));
    const first = await rest.next();
    if (first.done === true) continue;
    firstLines.push(first.value);
    heads.push({ line: first.value, rest });
  }
  return { firstLines, lines: merged(heads) };
}

/** The fallback for codes that do not stream in order: the period read whole, sorted in memory. */
export async function readSortedPeriodLines(
  store: LineStore,
  period: string,
  generations: readonly LiveGeneration[],
): Promise<PeriodLines> {
  const lines: SourcedGroupLine[] = [];
  for (const { key, gen } of generations) {
    for await (const page of store.generationLinePages(period, key, gen, 1_000)) lines.push(...page);
  }
  lines.sort(compareLines);
  async function* each(): AsyncGenerator<SourcedGroupLine> {
    yield* lines;
  }
  const firstOf = new Map<string, SourcedGroupLine>();
  for (const line of lines) if (!firstOf.has(line.sourceKey)) firstOf.set(line.sourceKey, line);
  return { firstLines: [...firstOf.values()], lines: each() };
}

/**
 * Each line with its group's year-to-date figure in the month before (summed, 0 for a group
 * new this month) — the month-over-month check (docs/contract.md §4) as a merge of two streams
 * in group order — or with null when there is no month before to compare with.
 */
export async function* withPreviousSpentToDate(
  lines: AsyncIterable<SourcedGroupLine>,
  previous: AsyncIterable<SourcedGroupLine> | null,
): AsyncGenerator<[SourcedGroupLine, Fen | null]> {
  if (previous === null) {
    for await (const line of lines) yield [line, null];
    return;
  }
  const before = previous[Symbol.asyncIterator]();
  let head = await before.next();
  for await (const line of lines) {
    while (head.done !== true && compareGroupKeys(head.value, line) < 0) head = await before.next();
    let spent = 0n;
    while (head.done !== true && compareGroupKeys(head.value, line) === 0) {
      spent += head.value.amounts.spentToDate;
      head = await before.next();
    }
    yield [line, spent];
  }
}
