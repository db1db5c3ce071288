/**
 * What a totals row was compared with, as messages describe it: its own file of types, so the
 * messages and the totals check both depend on it and not on each other.
 */

import type { Amounts } from '../vocabulary';
import type { KeyField } from './group-aggregator';

export type TotalsKind = 'grand' | 'sub';

/** Every detail row, the rows since the previous totals row, or the rows of one key value. */
export type TotalsScope = 'all' | 'segment' | KeyField;

export interface TotalsCandidate {
  scope: TotalsScope;
  /** The key value (unit code, project code, fund type) for a key field's scope. */
  code: string | null;
  expected: Amounts;
}
