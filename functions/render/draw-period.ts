/**
 * Reads and draws one period (`renderPeriod`) under a consistent view of the table: the live
 * versions of the period and of its month before are read, their lines streamed, and the live
 * versions read again; if a source of either period changed its live version meanwhile, the
 * period is drawn again (its objects overwritten), so no published snapshot mixes two versions
 * of a source (docs/contract.md §3). A generation's lines are all written before it becomes live
 * and removed only after it stopped being live, so an unchanged live set means a clean read.
 *
 * Codes that do not stream in group order (`LinesOutOfOrderError`) are drawn again from the
 * period read whole and sorted in memory.
 */
import { activeSources, type PipelineReader } from '../store/pipeline-reader';
import type { ActiveVersion } from '../store/source-head';
import { dependenciesOf } from './period-dependencies';
import { LinesOutOfOrderError, openPeriodLines, readSortedPeriodLines } from './period-lines';
import type { RenderDeps } from './render-deps';
import { type PeriodRenderInput, type PeriodRenderOutput, renderPeriod } from './render-period';

/** Draws of one period before giving up on sources that keep changing. */
const READ_ATTEMPTS = 5;

export class PeriodKeptChangingError extends Error {
  override name = 'PeriodKeptChangingError';
}

/** The live (key, gen) of each source of `period`, by key. */
function liveOf(active: ReadonlyMap<string, ActiveVersion>, period: string): string {
  return JSON.stringify(
    [...active]
      .filter(([, version]) => version.period === period)
      .map(([key, version]) => [key, version.gen])
      .sort(),
  );
}

/** The live generation of each source of `period`, by key. */
export function generationsOf(active: ReadonlyMap<string, ActiveVersion>, period: string) {
  return [...active]
    .filter(([, version]) => version.period === period)
    .map(([key, version]) => ({ key, gen: version.gen }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

type DrawDeps = Pick<RenderDeps, 'store' | 'site' | 'reportBuilder' | 'city' | 'options'>;

/**
 * Runs `read` with the live versions until no source of `periods` changed its live version
 * while it ran (at most `READ_ATTEMPTS` times), and gives its result.
 */
export async function underConsistentView<T>(
  store: Pick<PipelineReader, 'listActiveVersions'>,
  periods: readonly string[],
  read: (active: ReadonlyMap<string, ActiveVersion>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const before = await store.listActiveVersions();
    const result = await read(before);
    const after = await store.listActiveVersions();
    if (periods.every((p) => liveOf(before, p) === liveOf(after, p))) return result;
    if (attempt >= READ_ATTEMPTS)
      throw new PeriodKeptChangingError(`sources kept changing while reading ${periods.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
}

/** Draws `id`; null when it has no live data any more (the next render removes it). */
export async function drawPeriod(
  deps: DrawDeps,
  id: string,
  context: Pick<PeriodRenderInput, 'summaries' | 'fallbackTime' | 'announced'>,
): Promise<PeriodRenderOutput | null> {
  const { store } = deps;
  const previousId = dependenciesOf(id).previousMonth;
  let inMemory = false;
  const draw = async (active: ReadonlyMap<string, ActiveVersion>): Promise<PeriodRenderOutput | null> => {
    const own = generationsOf(active, id);
    if (own.length === 0) return null;
    const previous = previousId === null ? [] : generationsOf(active, previousId);
    const open = inMemory ? readSortedPeriodLines : openPeriodLines;
    return renderPeriod(deps, {
      id,
      sources: activeSources(active, id),
      lines: await open(store, id, own),
      previousMonth:
        previousId === null || previous.length === 0 ? null : (await open(store, previousId, previous)).lines,
      ...context,
    });
  };
  const periods = previousId === null ? [id] : [id, previousId];
  try {
    return await underConsistentView(store, periods, draw);
  } catch (error) {
    if (!(error instanceof LinesOutOfOrderError)) throw error;
    inMemory = true;
    return underConsistentView(store, periods, draw);
  }
}
