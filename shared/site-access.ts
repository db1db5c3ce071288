import * as z from 'zod';

/**
 * Who may read a city's CloudFront site (`site.access`).
 *
 * - `{ allowCidrs: [...] }`: only requests from these IPv4/IPv6 ranges (typically the finance
 *   office's egress addresses on the government network) reach the site; AWS WAF blocks everything
 *   else at the edge with 403.
 * - `"public"`: anyone who has the URL reads every page, including monthly execution and the
 *   uploads page. Only the year's self-evaluation report is published by law.
 *
 * There is no default: a CloudFront site without `access` does not synthesize, so nobody publishes
 * internal working material by leaving a field out.
 */
export const SITE_ACCESS_CHOICES =
  'choose who may read the site: "access": {"allowCidrs": ["203.0.113.0/24", "2001:db8:1234::/48"]} lets only those address ranges in (the office\'s egress IPs; everything else is blocked at the edge), "access": "public" lets anyone with the URL read every page, monthly execution and the uploads page included';

/** A CIDR's family and its network address as a number, for the checks WAF would reject late. */
interface ParsedCidr {
  readonly version: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

function parseIpv4(text: string): bigint {
  return text.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** Expands `::` and an embedded IPv4 tail (`::ffff:192.0.2.1`); zod has already checked the syntax. */
function parseIpv6(text: string): bigint {
  const [head = '', tail] = text.split('::');
  const groups = (part: string | undefined): bigint[] => {
    if (part === undefined || part === '') return [];
    return part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [BigInt(`0x${group}`)];
      const v4 = parseIpv4(group);
      return [v4 >> 16n, v4 & 0xffffn];
    });
  };
  const left = groups(head);
  const right = groups(tail);
  const zeros: bigint[] = tail === undefined ? [] : Array(8 - left.length - right.length).fill(0n);
  return [...left, ...zeros, ...right].reduce((value, group) => (value << 16n) | group, 0n);
}

function parseCidr(cidr: string): ParsedCidr {
  const [address = '', prefix = ''] = cidr.split('/');
  const version = address.includes(':') ? 6 : 4;
  return {
    version,
    address: version === 4 ? parseIpv4(address) : parseIpv6(address),
    prefix: Number(prefix),
  };
}

/** IPv4 or IPv6 in CIDR notation; the family decides which WAF IP set a range goes to. */
export function cidrVersion(cidr: string): 4 | 6 {
  return parseCidr(cidr).version;
}

const ipv4Cidr = z.cidrv4();
const ipv6Cidr = z.cidrv6();

function isCidr(text: string): boolean {
  return ipv4Cidr.safeParse(text).success || ipv6Cidr.safeParse(text).success;
}

const cidrSchema = z
  .string()
  .trim()
  .superRefine((cidr, ctx) => {
    // Issues are added, not thrown by a nested schema, so that zod keeps them (with the entry's
    // index) instead of folding them into one "no union member matched" message.
    if (!isCidr(cidr)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${cidr}" is not an IPv4 or IPv6 range in CIDR notation, such as 203.0.113.0/24 or 2001:db8::/32 (a single address is 203.0.113.7/32)`,
      });
      return;
    }
    const { version, address, prefix } = parseCidr(cidr);
    if (prefix === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${cidr} allows every address (AWS WAF does not take /0 ranges); to let everyone in, set "access": "public"`,
      });
      return;
    }
    const bits = version === 4 ? 32 : 128;
    const hostMask = (1n << BigInt(bits - prefix)) - 1n;
    if ((address & hostMask) !== 0n) {
      const network = address & ~hostMask;
      ctx.addIssue({
        code: 'custom',
        message: `${cidr} has host bits set after the /${prefix}; write the range's first address (${formatNetwork(version, network)}/${prefix})`,
      });
    }
  });

function formatNetwork(version: 4 | 6, address: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join('.');
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) =>
    ((address >> shift) & 0xffffn).toString(16),
  );
  // Compress the longest run of zero groups, as people write IPv6.
  let best = { start: -1, length: 0 };
  for (let start = 0; start < groups.length; start += 1) {
    let length = 0;
    while (groups[start + length] === '0') length += 1;
    if (length > best.length && length > 1) best = { start, length };
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

const allowListSchema = z.strictObject({
  /**
   * IPv4 and IPv6 ranges whose requests reach the site. An IP set holds up to 10,000 ranges; a
   * handful of egress addresses is the expected case.
   */
  allowCidrs: z
    .array(cidrSchema)
    .min(1, 'list at least one range; to let everyone in, set "access": "public"')
    .max(10_000, 'an AWS WAF IP set holds at most 10,000 ranges')
    .superRefine((cidrs, ctx) => {
      const seen = new Set<string>();
      for (const [index, cidr] of cidrs.entries()) {
        // Entries that are no CIDR at all have their own issue already.
        if (!isCidr(cidr)) continue;
        // The same range spelled twice (2001:DB8::/32, 2001:db8:0::/32) is one range.
        const { version, address, prefix } = parseCidr(cidr);
        const key = `${version}:${address}/${prefix}`;
        if (seen.has(key)) {
          ctx.addIssue({ code: 'custom', message: `${cidr} is listed twice`, path: [index] });
        }
        seen.add(key);
      }
    }),
});

export const siteAccessSchema = z.union([z.literal('public'), allowListSchema], {
  error: () => SITE_ACCESS_CHOICES,
});

export type SiteAccess = z.output<typeof siteAccessSchema>;
export type SiteAllowList = z.output<typeof allowListSchema>;

/** The allow-list, or undefined when the site is public. */
export function allowListOf(access: SiteAccess | undefined): SiteAllowList | undefined {
  return access === undefined || access === 'public' ? undefined : access;
}
