/**
 * Schemas of the small items and projections read back from the table (leases, projected sort
 * keys, the live generation of heads), so that a malformed item fails loudly where it is read
 * instead of turning into an empty string that matches nothing — or, worse, something.
 * Heads (`head-item.ts`), lines, indicator sets and waiting notes have their own.
 */
import * as z from 'zod';
import { type Item, itemToPlain } from './attribute-values';

const sortKeySchema = z.object({ sk: z.string().min(1) });

/** The sort key of an item read with a projection of `sk` only. */
export const sortKeyOf = (item: Item): string => sortKeySchema.parse(itemToPlain(item)).sk;

const liveHeadSchema = z.object({ sk: z.string().min(1), activeGen: z.string().min(1) });

/** A head projected to its key and live generation (`sk, activeGen`), as the conflict check reads it. */
export function parseLiveHead(item: Item): { key: string; gen: string } {
  const head = liveHeadSchema.parse(itemToPlain(item));
  return { key: head.sk, gen: head.activeGen };
}

const leaseSchema = z.object({
  sourceKey: z.string().min(1),
  gen: z.string().min(1),
  token: z.string().min(1),
  expiresAt: z.number().int(),
});

export type LeaseItem = z.infer<typeof leaseSchema>;

/** A period lease (`LEASE#<period>`). */
export const parseLeaseItem = (item: Item): LeaseItem => leaseSchema.parse(itemToPlain(item));
