import type { Fen } from '../domain-types';
import { formatWan } from './wan';
import { groupedYuan } from './yuan';

/** An amount in both units, as the CLI prints it: "46,233,300.00 元 (4623.33 万元)". */
export function yuanAndWan(amount: Fen | string): string {
  return `${groupedYuan(amount)} 元 (${formatWan(amount)} 万元)`;
}
