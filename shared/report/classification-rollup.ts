/**
 * A classification's roll-up (docs/contract.md §4), as a roll-up declaration: each line's
 * amounts go to its code (or, for a group with several codes, to each code its own part), and
 * every code counts at each of its levels (2081901 at 208, 20819 and 2081901). Lines without a
 * code, or stored before groups kept their parts per code while holding several codes, count as
 * unclassified: one last row without a code. Absent (no property, no table) while no line of the
 * period has a code.
 */
import type { Classification, ClassificationProperty } from '../classification/classifications';
import { nameOfCode } from '../classification/classifications';
import { listProperty, splitProperty } from '../export/export-fields';
import { compareText } from '../group-key';
import { subtractAmounts, sumAmounts } from '../money';
import type { Amounts } from '../vocabulary';
import { toMoneyFigures } from './money-figures';
import type { SourcedGroupLine } from './period-report';
import { type Rollup, type RollupPart, rollup } from './rollup';

export function classificationRollup(classification: Classification): Rollup<ClassificationProperty, null> {
  const levels = [...classification.levels].sort((a, b) => a.digits - b.digits);
  const shortest = levels[0]?.digits ?? 1;
  const fields = (line: SourcedGroupLine) => line as unknown as Record<string, unknown>;
  const codesOf = (line: SourcedGroupLine) =>
    (fields(line)[listProperty(classification.field)] as string[] | undefined) ?? [];

  /** A code's amounts at each of its levels; a code shorter than the first level is unclassified. */
  function* atLevels(code: string, amounts: Amounts): Generator<RollupPart<null>> {
    if (code.length < shortest) {
      yield { key: null, amounts, first: null };
      return;
    }
    for (const level of levels) {
      if (code.length < level.digits) break;
      yield { key: code.slice(0, level.digits), amounts, first: null };
    }
  }

  return rollup({
    property: classification.property as ClassificationProperty,
    caption: classification.caption,
    *parts(line) {
      const codes = codesOf(line);
      const parts = fields(line)[splitProperty(classification.field)] as Record<string, Amounts> | undefined;
      if (parts !== undefined) {
        for (const [code, amounts] of Object.entries(parts)) yield* atLevels(code, amounts);
        yield {
          key: null,
          amounts: subtractAmounts(line.amounts, sumAmounts(Object.values(parts))),
          first: null,
        };
      } else if (codes.length === 1) yield* atLevels(codes[0] as string, line.amounts);
      else yield { key: null, amounts: line.amounts, first: null };
    },
    whenAbsent: 'omit',
    has: (line) => codesOf(line).length > 0,
    names: (line) =>
      classification.nameField === null
        ? undefined
        : (fields(line)[listProperty(classification.nameField)] as Record<string, string> | undefined),
    order: compareText,
    row: (entry, { names }) => ({
      level: levels.find((level) => level.digits === entry.key.length)?.zh ?? null,
      code: entry.key,
      name: nameOfCode(classification, entry.key, names),
      ...toMoneyFigures(entry.amounts),
    }),
    remainder: (amounts) => ({ level: null, code: null, name: null, ...toMoneyFigures(amounts) }),
    table: {
      columns: [
        {
          kind: 'code',
          label: { zh: '科目编码', en: 'Code' },
          value: (row) => row.code,
          none: { zh: '未列科目', en: 'No code' },
        },
        {
          kind: 'term',
          label: { zh: '级次', en: 'Level' },
          value: (row) => levels.find((level) => level.zh === row.level) ?? null,
        },
        { kind: 'name', label: { zh: '科目名称', en: 'Name' }, value: (row) => row.name },
        'initial',
        'budget',
        'spent',
        'rate',
      ],
      note: {
        zh: `科目名称取自导出文件；文件未列名称的，按${classification.edition}。`,
        en: `Names as the exports state them; otherwise from the ${classification.edition}.`,
      },
    },
  });
}
