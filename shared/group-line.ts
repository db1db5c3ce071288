/**
 * One aggregation group of one export: all detail lines sharing the group key (period, then the
 * fields the field table marks `key`), summed. The type is derived from the field table
 * (shared/export/export-fields.ts), so a field carried to the lines is declared once, there.
 */
import type {
  CsvField,
  EXPORT_FIELDS,
  FieldsWhere,
  FieldValue,
  ListProperty,
  SplitProperty,
} from './export/export-fields';
import type { Amounts } from './vocabulary';

type Table = typeof EXPORT_FIELDS;
type Always<F extends CsvField> = Table[F] extends { whenPresent: true } ? never : F;
type Optional<F extends CsvField> = Table[F] extends { whenPresent: true } ? F : never;

/** Key and first-line fields: one value per group. */
export type GroupValues = { [F in FieldsWhere<'key' | 'first'>]: FieldValue<F> };

/** `codes` fields: the group's distinct codes, sorted. */
export type GroupCodeLists = { [F in FieldsWhere<'codes'> as ListProperty<Always<F>>]: string[] } & {
  [F in FieldsWhere<'codes'> as ListProperty<Optional<F>>]?: string[];
};

/** `codes` fields: the group's amounts per code, when it has more than one. */
export type GroupCodes = GroupCodeLists & {
  [F in FieldsWhere<'codes'> as SplitProperty<F>]?: Record<string, Amounts>;
};

/** `names` fields: code → name, for files that state names. */
export type GroupNames = { [F in FieldsWhere<'names'> as ListProperty<F>]?: Record<string, string> };

/**
 * `split` fields: the group's amounts per value (a group's lines may mix values); a field only
 * some exports have (资金来源) is absent from the lines of the others.
 */
export type GroupSplits = {
  [F in FieldsWhere<'split'> as SplitProperty<Always<F>>]: Partial<Record<FieldValue<F> & string, Amounts>>;
} & {
  [F in FieldsWhere<'split'> as SplitProperty<Optional<F>>]?: Partial<
    Record<FieldValue<F> & string, Amounts>
  >;
};

export type GroupLine = GroupValues &
  GroupCodes &
  GroupNames &
  GroupSplits & {
    amounts: Amounts;
    /** How many detail lines were summed into this group. */
    lineCount: number;
  };
