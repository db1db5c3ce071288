/**
 * What the versioned-bucket schedules upload (version-schedules.test.ts): the files and keys
 * that found the bugs of issue 19, made from a seeded random source.
 *
 * - **Contention.** Two or three export keys draw their groups from one small pool (two units,
 *   two projects, one period most of the time), so most versions claim a group another key
 *   claims too: a holder, a key kept out ("held by"), a holder displaced by a key whose run
 *   began first, keys waiting for a holder that is deleted or corrected.
 * - **Long codes and keys.** A schedule's keys are short, have a long file name (hashed status
 *   key), leave room for nothing but the short codes, or are as long as S3 allows; its long
 *   project code fills the table's sort key exactly at the longest generation id any path
 *   writes (docs/contract.md §3.1), and a version now and then carries a code just beyond,
 *   which must be refused at upload naming the limit.
 * - **Indicator files** under `indicators/`, whose sets (one per project code and year) are
 *   contended the same way.
 */
import { readFileSync } from 'node:fs';
import { MAX_S3_KEY_BYTES } from '../../../functions/common/object-key';
import { MAX_GENERATION_ID_LENGTH } from '../../../functions/common/sequencer';
import { indicatorSetGroup } from '../../../functions/store/dynamodb/indicator-set-item';
import { lineSk, MAX_SORT_KEY_BYTES } from '../../../functions/store/dynamodb/item-keys';
import type { GroupKey } from '../../../shared/group-key';
import { type ExportLine, exportCsv, fenText } from '../../support/export-csv';

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

/** A non-empty subset of `items`, at most `max` of them, in their order. */
function someOf<T>(random: Random, items: readonly T[], max: number): T[] {
  const chosen = new Set<T>([pick(random, items)]);
  const wanted = 1 + Math.floor(random() * max);
  while (chosen.size < Math.min(wanted, items.length)) chosen.add(pick(random, items));
  return items.filter((item) => chosen.has(item));
}

/**
 * How long a schedule's keys are: `short`; `longName`, a file name past the 200 bytes a status
 * file name may have (its status key is hashed); `nearLimit`, so long that the short codes
 * fill the sort key exactly; `overLimit`, S3's longest key (nothing fits: every version is
 * refused naming the limit).
 */
export type KeyClass = 'short' | 'longName' | 'nearLimit' | 'overLimit';

export function pickKeyClass(random: Random): KeyClass {
  const roll = random();
  if (roll < 0.68) return 'short';
  if (roll < 0.8) return 'longName';
  if (roll < 0.92) return 'nearLimit';
  return 'overLimit';
}

const FUND = '一般公共预算' as GroupKey['fundType'];
const WIDEST_GEN = 'F'.repeat(MAX_GENERATION_ID_LENGTH);

/** Bytes left for a project code in a line's sort key at the widest generation (negative: none). */
function codeRoom(key: string, group: (projectCode: string) => GroupKey): number {
  return MAX_SORT_KEY_BYTES - Buffer.byteLength(lineSk(key, WIDEST_GEN, group('')));
}

const exportGroup = (projectCode: string): GroupKey => ({ unitCode: 'U1', projectCode, fundType: FUND });

/** Export keys of one class; the letter tells them apart and keeps their lengths equal. */
export function exportKey(keyClass: KeyClass, letter: string): string {
  const short = `incoming/${letter}.csv`;
  switch (keyClass) {
    case 'short':
      return short;
    case 'longName':
      return `incoming/${letter}${'n'.repeat(215)}.csv`;
    case 'nearLimit': {
      // The padding that leaves room for exactly a three-character code (P01).
      const padding = codeRoom(short, exportGroup) - 3;
      return `incoming/${letter}${'n'.repeat(padding)}.csv`;
    }
    case 'overLimit': {
      const padding = MAX_S3_KEY_BYTES - Buffer.byteLength(short);
      return `incoming/${letter}${'o'.repeat(padding)}.csv`;
    }
  }
}

export const indicatorKey = (letter: string): string => `indicators/${letter}.csv`;

/** A project code that fills the sort key of `key`'s lines exactly (null: no room for a long one). */
export function longCodeFor(key: string, kind: 'export' | 'indicators'): string | null {
  const room = codeRoom(key, kind === 'export' ? exportGroup : indicatorSetGroup);
  return room >= 16 ? 'L'.repeat(room) : null;
}

/** A code one to four bytes longer than the room `key` leaves: refused at upload, naming the limit. */
export function tooLongCodeFor(random: Random, key: string, kind: 'export' | 'indicators'): string {
  const room = codeRoom(key, kind === 'export' ? exportGroup : indicatorSetGroup);
  return 'X'.repeat(Math.max(1, room + 1 + Math.floor(random() * 4)));
}

const DECEMBER = { year: 2021, month: 12 };
const NOVEMBER = { year: 2021, month: 11 };

export type VersionKind = 'valid' | 'invalid' | 'tooLong';

/**
 * An export version: one to three groups of the schedule's pool (units U1, U2 × projects P01,
 * P02, and the long code when the keys leave room for it), mostly in December.
 */
export function exportBody(
  random: Random,
  kind: VersionKind,
  longCode: string | null,
  tooLongCode: string,
): string {
  const pool: { unitCode: string; projectCode: string }[] = [
    { unitCode: 'U1', projectCode: 'P01' },
    { unitCode: 'U1', projectCode: 'P02' },
    { unitCode: 'U2', projectCode: 'P01' },
    ...(longCode === null ? [] : [{ unitCode: 'U1', projectCode: longCode }]),
  ];
  const groups = someOf(random, pool, 3);
  if (kind === 'tooLong') groups.push({ unitCode: 'U2', projectCode: tooLongCode });
  const lines: ExportLine[] = groups.map((group) => ({
    ...group,
    budgetFen: BigInt(1 + Math.floor(random() * 1e8)),
    spentThisMonthFen: BigInt(Math.floor(random() * 1e6)),
    spentToDateFen: BigInt(Math.floor(random() * 1e8)),
  }));
  const body = exportCsv(random() < 0.8 ? DECEMBER : NOVEMBER, lines);
  const first = lines[0];
  if (kind !== 'invalid' || first === undefined) return body;
  return body.replace(`,${fenText(first.budgetFen)},`, ',12.3.4,');
}

const EXAMPLE_INDICATORS = readFileSync(
  new URL('../../../examples/indicators/lechang-2021.csv', import.meta.url),
  'utf8',
).split(/\r?\n/);
const INDICATOR_HEADER = EXAMPLE_INDICATORS[0] ?? '';
/** The example's rows of a project (a valid set: its weights add up), split into cells. */
const setRows = (projectCode: string): string[][] =>
  EXAMPLE_INDICATORS.filter((line) => line.startsWith(`2021,${projectCode},`)).map((line) => line.split(','));
const INDICATOR_SETS = ['44028121A000001', '44028121A000002', '44028121A000003'].map((code) => ({
  code,
  rows: setRows(code),
}));
/** Columns of the example: 项目编码, 项目名称, 实际完成值, 分值. */
const CODE = 1;
const NAME = 2;
const ACTUAL = 9;
const WEIGHT = 10;

/**
 * An indicator file of 2021: one or two of the example's project sets (and the long code, given
 * the rows of 临时救助), an actual value changed so that corrections differ.
 */
export function indicatorBody(
  random: Random,
  kind: VersionKind,
  longCode: string | null,
  tooLongCode: string,
): string {
  const sets = someOf(
    random,
    [...INDICATOR_SETS, ...(longCode === null ? [] : [{ code: longCode, rows: setRows('44028121A000003') }])],
    2,
  );
  if (kind === 'tooLong') sets.push({ code: tooLongCode, rows: setRows('44028121A000003') });
  const rows = sets.flatMap(({ code, rows }) =>
    rows.map((cells) => {
      const copy = [...cells];
      copy[CODE] = code;
      if (code.length > 20) copy[NAME] = `长编码项目${code.length}`;
      return copy;
    }),
  );
  const first = rows[0];
  if (first !== undefined) {
    // A quantitative row: another actual value (the first row of each example set is one).
    first[ACTUAL] = String(100 + Math.floor(random() * 8000));
    if (kind === 'invalid') first[WEIGHT] = '十五';
  }
  return `${[INDICATOR_HEADER, ...rows.map((cells) => cells.join(','))].join('\r\n')}\r\n`;
}
