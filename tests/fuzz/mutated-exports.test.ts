/**
 * Hostile input, part 1: mutations of real exports (the Lechang examples and every valid
 * per-rule fixture: BOM, GB18030, CR/LF/CRLF, 万元 headers, totals rows, quoted amounts, English
 * headers, defaults) — bytes deleted, duplicated, swapped, digits changed, quotes flipped,
 * separators/newlines/CR/BOMs/invalid bytes inserted, lines duplicated/dropped/swapped, huge
 * fields, truncation, re-encoding. For each: see fuzz-support.ts `checkInput`.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInput, emptyTally, seedExports } from './fuzz-support';
import { applyMutations, mutationArb } from './mutations';

const SEED = 20_211_231;
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const MONEY_RUNS = Math.ceil(RUNS / 2);
const seeds = seedExports();
const tally = emptyTally();
let moneyAccepted = 0;

afterAll(() => {
  console.log(
    `hostile-input mutations: ${tally.cases} mutated exports from ${seeds.length} seed files ` +
      `(fast-check seed ${SEED}), ${(tally.bytes / 1024 / 1024).toFixed(1)} MiB validated twice each ` +
      `(random chunking and whole); ${tally.accepted} accepted (${moneyAccepted} with changed ` +
      `digits or lines) and all equal to the reference reading, ${tally.rejected} rejected; slowest run ` +
      `${tally.slowestMs.toFixed(0)} ms; read in byte ranges too, ${tally.merged} merged and the rest ` +
      'read again in one piece, all equal',
  );
});

describe('mutated exports', () => {
  it('every seed export is valid and reads the same to the reference', async () => {
    expect(seeds.length).toBeGreaterThanOrEqual(20);
    for (const seed of seeds) {
      const result = await checkInput(seed.bytes, 4096, tally);
      expect(result.valid, seed.name).toBe(true);
    }
  });

  it('never throw, never hang, never accept sums the reference does not read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 2048 }),
        async (which, mutations, chunkSize) => {
          const seed = seeds[which];
          if (seed === undefined) throw new Error('no seed');
          await checkInput(applyMutations(seed.bytes, mutations), chunkSize, tally);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // Each case is read four ways (fast path, csv-parse, whole, byte ranges): over a minute on a
    // busy machine.
  }, 180_000);

  it('report exactly the changed sums when changed digits or lines keep a file valid', async () => {
    const moneyMutation = fc.oneof(
      { weight: 4, arbitrary: mutationArb.filter((m) => m.op === 'digit') },
      { weight: 1, arbitrary: mutationArb.filter((m) => m.op === 'line' && m.action !== 'swap') },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(moneyMutation, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 2048 }),
        async (which, mutations, chunkSize) => {
          const seed = seeds[which];
          if (seed === undefined) throw new Error('no seed');
          const result = await checkInput(applyMutations(seed.bytes, mutations), chunkSize, tally);
          if (result.valid) moneyAccepted++;
        },
      ),
      { seed: SEED + 1, numRuns: MONEY_RUNS },
    );
    // Enough of them stayed valid for the comparison of sums to bite.
    expect(moneyAccepted).toBeGreaterThan(MONEY_RUNS / 4);
  });
});
