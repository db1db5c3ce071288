/** The Lechang 2021 self-evaluation built from the example files, as render builds it. */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { validateExport } from '../../../../shared/export/validate-export';
import { validateIndicators } from '../../../../shared/indicators/validate-indicators';
import { buildSelfEvaluation } from '../../../../shared/self-evaluation/build-self-evaluation';
import { tallyExecution } from '../../../../shared/self-evaluation/execution-tally';
import type { IndicatorSet } from '../../../../shared/self-evaluation/indicator-set';
import type { SelfEvaluation } from '../../../../shared/self-evaluation/self-evaluation';
import { projectRoot } from '../csv/helpers';

const example = (...path: string[]) => join(projectRoot, 'examples', ...path);

export async function lechangIndicatorSets(): Promise<IndicatorSet[]> {
  const result = await validateIndicators(createReadStream(example('indicators', 'lechang-2021.csv')));
  if (!result.valid) throw new Error(JSON.stringify(result.errors));
  return result.sets;
}

export async function lechangEvaluation(
  adjust: (sets: IndicatorSet[]) => IndicatorSet[] = (sets) => sets,
  month = 12,
): Promise<SelfEvaluation> {
  const exported = await validateExport(
    createReadStream(example('lechang-2021', `2021-${String(month).padStart(2, '0')}.csv`)),
  );
  return buildSelfEvaluation({
    city: { id: 'lechang', name: '乐昌市民政局' },
    asOf: { year: 2021, month },
    execution: tallyExecution(exported.groups),
    sets: adjust(await lechangIndicatorSets()),
    executionWeight: 10,
  });
}
