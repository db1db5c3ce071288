/**
 * An aggregator's groups as a few flat arrays (`GroupAggregator.state`, `absorb`): a byte range
 * read on a worker thread posts them to the thread that merges, and typed arrays cross for
 * nothing (transferred), where 50,000 group objects with their bigints took most of a second to
 * copy and tens of MB on both sides. Each text (a code, a name, a level) is posted once however
 * many groups hold it.
 */

export interface AggregatorState {
  withInitial: boolean;
  groups: number;
  /** Every text the groups hold, once. */
  texts: string[];
  /** Per group: its key and first-line values, as indices into `texts`. */
  values: Uint32Array;
  /** Per group and part field (codes, then splits): its values are `partValues[partStarts[j] .. partStarts[j + 1])`. */
  partStarts: Uint32Array;
  partValues: Uint32Array;
  /** Per group and names field: code → name pairs `nameCodes/nameTexts[nameStarts[j] .. nameStarts[j + 1])`. */
  nameStarts: Uint32Array;
  nameCodes: Uint32Array;
  nameTexts: Uint32Array;
  lineCounts: Float64Array;
  /**
   * Ledger rows of `columns` figures in fen: each group's total, then for each part field the
   * sums of each of its values in order. A figure beyond 64 bits is 0 here and listed in
   * `wideFigures`.
   */
  columns: number;
  figures: BigInt64Array;
  wideFigures: [index: number, fen: bigint][];
}

/**
 * Numbers appended to a Uint32Array grown by doubling: a JS array costs more per number and then
 * a copy into the typed array, on the worker thread at the moment its memory is highest.
 */
export class Uint32List {
  private array: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.array = new Uint32Array(Math.max(1, capacity));
  }

  push(value: number): void {
    if (this.length === this.array.length) {
      const grown = new Uint32Array(this.array.length * 2);
      grown.set(this.array);
      this.array = grown;
    }
    this.array[this.length++] = value;
  }

  finish(): Uint32Array {
    return this.length === this.array.length ? this.array : this.array.slice(0, this.length);
  }
}

/** How many of each an `AggregatorState` will hold (known: per group and field), to size its arrays. */
export interface StateSizes {
  groups: number;
  /** Values per group (key and first fields), part fields, names fields. */
  valueFields: number;
  partFields: number;
  nameFields: number;
}

/** Builds the flat arrays of an `AggregatorState`. */
export class AggregatorStateBuilder {
  private readonly textIndex = new Map<string, number>();
  readonly texts: string[] = [];
  readonly values: Uint32List;
  readonly partStarts: Uint32List;
  /** Most groups have one value per part field. */
  readonly partValues: Uint32List;
  readonly nameStarts: Uint32List;
  readonly nameCodes = new Uint32List(1024);
  readonly nameTexts = new Uint32List(1024);
  readonly lineCounts: Float64Array;
  private figures: BigInt64Array;
  private figureCount = 0;
  private readonly wideFigures: [number, bigint][] = [];

  constructor(
    expectedRows: number,
    private readonly columns: number,
    sizes: StateSizes,
  ) {
    this.figures = new BigInt64Array(Math.max(1, expectedRows) * columns);
    this.values = new Uint32List(sizes.groups * sizes.valueFields);
    this.partStarts = new Uint32List(sizes.groups * sizes.partFields + 1);
    this.partStarts.push(0);
    this.partValues = new Uint32List(sizes.groups * sizes.partFields);
    this.nameStarts = new Uint32List(sizes.groups * sizes.nameFields + 1);
    this.nameStarts.push(0);
    this.lineCounts = new Float64Array(sizes.groups);
  }

  text(value: string): number {
    let index = this.textIndex.get(value);
    if (index === undefined) {
      index = this.texts.length;
      this.texts.push(value);
      this.textIndex.set(value, index);
    }
    return index;
  }

  /** One ledger row's figures, in order. */
  row(figure: (column: number) => bigint): void {
    if (this.figureCount + this.columns > this.figures.length) {
      const grown = new BigInt64Array(this.figures.length * 2);
      grown.set(this.figures);
      this.figures = grown;
    }
    for (let column = 0; column < this.columns; column++) {
      const fen = figure(column);
      if (BigInt.asIntN(64, fen) === fen) this.figures[this.figureCount] = fen;
      else this.wideFigures.push([this.figureCount, fen]);
      this.figureCount++;
    }
  }

  finish(withInitial: boolean, groups: number): AggregatorState {
    return {
      withInitial,
      groups,
      texts: this.texts,
      values: this.values.finish(),
      partStarts: this.partStarts.finish(),
      partValues: this.partValues.finish(),
      nameStarts: this.nameStarts.finish(),
      nameCodes: this.nameCodes.finish(),
      nameTexts: this.nameTexts.finish(),
      lineCounts: this.lineCounts,
      columns: this.columns,
      figures: this.figures.slice(0, this.figureCount),
      wideFigures: this.wideFigures,
    };
  }
}

/** Reads the figures of an `AggregatorState` row by row, in the order they were built. */
export class FigureReader {
  private next = 0;
  private readonly wide: Map<number, bigint>;

  constructor(private readonly state: AggregatorState) {
    this.wide = new Map(state.wideFigures);
  }

  /** The next row's figure in `column` is `row[column]`. */
  row(): bigint[] {
    const row: bigint[] = [];
    for (let column = 0; column < this.state.columns; column++, this.next++) {
      row.push(this.wide.get(this.next) ?? (this.state.figures[this.next] as bigint));
    }
    return row;
  }
}

/** The typed arrays of a state, to transfer rather than copy when it is posted. */
export function transferablesOf(state: AggregatorState): ArrayBuffer[] {
  return [
    state.values,
    state.partStarts,
    state.partValues,
    state.nameStarts,
    state.nameCodes,
    state.nameTexts,
    state.lineCounts,
    state.figures,
  ].map((array) => array.buffer as ArrayBuffer);
}
