/**
 * Hostile input, part 2: valid exports generated in every shape docs/contract.md §2 allows (see
 * export-arbitrary.ts), whose true figures are known by construction. The validator must
 * accept each with exactly those figures — and agree with the reference reader, whatever the
 * chunking — and survive the same exports mutated. Large ones (~100–200 KB) stream past the
 * 64 KiB encoding window in chunks of any size.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type GeneratedExport, generatedExportArb } from './export-arbitrary';
import { checkInput, emptyTally } from './fuzz-support';
import { applyMutations, mutationArb } from './mutations';

const SEED = 20_220_105;
const RUNS = Number(process.env.FUZZ_GENERATED_RUNS ?? 500);
const LARGE_RUNS = Math.max(5, Math.ceil(RUNS / 25));
const tally = emptyTally();
let largest = 0;

afterAll(() => {
  console.log(
    `hostile-input generated exports: ${tally.cases} cases (fast-check seed ${SEED}; ${RUNS} generated, ` +
      `${LARGE_RUNS} large up to ${(largest / 1024).toFixed(0)} KiB, ${RUNS} generated-then-mutated), ` +
      `${tally.accepted} accepted with their true figures, ${tally.rejected} rejected; slowest run ` +
      `${tally.slowestMs.toFixed(0)} ms; read in byte ranges too, ${tally.merged} merged and the rest ` +
      'read again in one piece, all equal',
  );
});

async function acceptedWithTrueFigures(generated: GeneratedExport, chunkSize: number): Promise<void> {
  const result = await checkInput(generated.bytes, chunkSize, tally);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
  expect(result.period).toEqual(generated.period);
  expect(result.rows).toBe(generated.rows);
  expect(result.totals).toEqual(generated.totals);
  expect(
    new Map(result.groups.map((g) => [`${g.unitCode}|${g.projectCode}|${g.fundType}`, g.amounts])),
  ).toEqual(generated.groups);
}

describe('generated exports', () => {
  it('are accepted with exactly their figures', async () => {
    await fc.assert(
      fc.asyncProperty(
        generatedExportArb({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4096 }),
        acceptedWithTrueFigures,
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('are accepted with exactly their figures when large and streamed in chunks of any size', async () => {
    await fc.assert(
      fc.asyncProperty(
        generatedExportArb({ minLength: 600, maxLength: 1200 }),
        fc.integer({ min: 1, max: 70_000 }),
        async (generated, chunkSize) => {
          largest = Math.max(largest, generated.bytes.length);
          await acceptedWithTrueFigures(generated, chunkSize);
        },
      ),
      { seed: SEED + 1, numRuns: LARGE_RUNS },
    );
  });

  it('mutated, never throw, never hang, never accept sums the reference does not read', async () => {
    await fc.assert(
      fc.asyncProperty(
        generatedExportArb({ minLength: 1, maxLength: 30 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 4096 }),
        async (generated, mutations, chunkSize) => {
          await checkInput(applyMutations(generated.bytes, mutations), chunkSize, tally);
        },
      ),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });
});
