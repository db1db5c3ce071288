/**
 * The classification breakdowns (docs/contract.md §4, §5): a code field of the field table
 * whose codes nest by their leading digits (功能分类 类/款/项 = 3/5/7 digits), rolled up level by
 * level, named from the export's own name column when it has one, else from a table bundled
 * with the project (named edition), else shown as the code alone. Declared here once: the
 * report, the period page and lines.csv draw every entry. A new breakdown is one entry here,
 * its field in the field table and its names file.
 */
import type { FieldsWhere } from '../export/export-fields';
import ECONOMIC_SUBJECTS from './economic-subjects-2021.json';
import FUNCTION_SUBJECTS from './function-subjects-2021.json';

export interface ClassificationLevel {
  /** The digits of a code at this level. */
  digits: number;
  zh: string;
  en: string;
}

export interface Classification {
  /** The field table's `codes` field holding the codes, and its `names` field, if any. */
  field: FieldsWhere<'codes'>;
  nameField: FieldsWhere<'names'> | null;
  /** The report.json property holding the roll-up. */
  property: string;
  caption: { zh: string; en: string };
  levels: readonly ClassificationLevel[];
  /** Bundled names by code, and where they come from. */
  names: Readonly<Record<string, string>>;
  edition: string;
}

export const CLASSIFICATIONS = [
  {
    field: 'functionCode',
    nameField: 'functionName',
    property: 'byFunction',
    caption: { zh: '按支出功能分类', en: 'By functional classification' },
    levels: [
      { digits: 3, zh: '类', en: 'class' },
      { digits: 5, zh: '款', en: 'section' },
      { digits: 7, zh: '项', en: 'item' },
    ],
    names: FUNCTION_SUBJECTS.names,
    edition: FUNCTION_SUBJECTS.edition,
  },
  {
    field: 'economicCode',
    nameField: 'economicName',
    property: 'byEconomic',
    caption: { zh: '按部门预算支出经济分类', en: 'By economic classification' },
    levels: [
      { digits: 3, zh: '类', en: 'class' },
      { digits: 5, zh: '款', en: 'section' },
    ],
    names: ECONOMIC_SUBJECTS.names,
    edition: ECONOMIC_SUBJECTS.edition,
  },
] as const satisfies readonly Classification[];

export type ClassificationProperty = (typeof CLASSIFICATIONS)[number]['property'];

/** The classification whose codes a field holds, if any. */
export function classificationOf(field: string): Classification | undefined {
  return (CLASSIFICATIONS as readonly Classification[]).find(
    (classification) => classification.field === field || classification.nameField === field,
  );
}

/** A code's name: the export's, else the bundled table's, else null (the code stands alone). */
export function nameOfCode(
  classification: Classification,
  code: string,
  exportNames?: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): string | null {
  const stated =
    exportNames instanceof Map
      ? exportNames.get(code)
      : (exportNames as Record<string, string> | undefined)?.[code];
  return stated ?? classification.names[code] ?? null;
}
