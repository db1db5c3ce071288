/**
 * Limits are explicit and refused cleanly (docs/contract.md §3.1): rows and groups per file are city
 * settings with defaults, and a file over one is rejected with a bilingual message that names
 * the limit and the setting. Before, nothing capped groups: about 1.3M groups exhausted the
 * 1 GB ingest function.
 */
import { describe, expect, it } from 'vitest';
import { ingestConfigFromEnv } from '../../../../functions/common/env';
import { silentTelemetry } from '../../../../functions/common/telemetry';
import { buildIngestDeps } from '../../../../functions/ingest/build-ingest-deps';
import { limitsSchema } from '../../../../shared/city-settings';
import { DEFAULT_VALIDATE_OPTIONS } from '../../../../shared/export/validate-options';
import { detail, HEADER, located, validateBytes } from './helpers';

/** `n` detail rows, each its own group (project codes P000…). */
function rows(n: number): string {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) lines.push(detail({ 4: `P${String(i).padStart(3, '0')}` }));
  return `${lines.join('\n')}\n`;
}

describe('upload limits', () => {
  it('defaults: 200,000 groups per file, 10,000,000 rows, the same in the city settings schema', () => {
    expect(DEFAULT_VALIDATE_OPTIONS.maxGroupsPerFile).toBe(200_000);
    expect(DEFAULT_VALIDATE_OPTIONS.maxRows).toBe(10_000_000);
    const limits = limitsSchema.parse({});
    expect(limits.maxGroupsPerFile).toBe(DEFAULT_VALIDATE_OPTIONS.maxGroupsPerFile);
    expect(limits.maxRows).toBe(DEFAULT_VALIDATE_OPTIONS.maxRows);
  });

  it('refuses a file with more groups than maxGroupsPerFile, naming the limit in both languages', async () => {
    const result = await validateBytes(rows(4), { maxGroupsPerFile: 3 });
    expect(result.valid).toBe(false);
    expect(located(result.errors)).toEqual([{ code: 'TOO_MANY_GROUPS', line: 5, column: null }]);
    expect(result.errors[0]?.message).toMatch(
      /超过 3 个的上限.*maxGroupsPerFile.* \/ The file has more than 3 groups/,
    );
    expect(result.groups).toEqual([]);
    expect((await validateBytes(rows(3), { maxGroupsPerFile: 3 })).valid).toBe(true);
  });

  it('refuses a file with more detail rows than maxRows, naming the limit in both languages', async () => {
    const result = await validateBytes(rows(6), { maxRows: 5 });
    expect(result.valid).toBe(false);
    expect(located(result.errors)).toEqual([{ code: 'TOO_MANY_ROWS', line: 7, column: null }]);
    expect(result.errors[0]?.message).toMatch(
      /超过 5 行明细的上限.*maxRows.* \/ The file has more than 5 detail rows/,
    );
    expect(result.rows).toBe(5);
    expect((await validateBytes(rows(5), { maxRows: 5 })).valid).toBe(true);
  });

  it('names the city setting in file, field and record size rejections too', async () => {
    const big = `${HEADER}\n${detail({ 5: 'x'.repeat(600) })}\n`;
    const field = await validateBytes(big, { maxFieldBytes: 300, maxRecordBytes: 100_000 });
    expect(field.errors[0]?.message).toMatch(/300 bytes.*limits\.maxFieldBytes.* \/ .*limits\.maxFieldBytes/);
    const file = await validateBytes(big, { maxFileBytes: 200 });
    expect(file.errors[0]?.message).toMatch(/200 bytes.*limits\.maxFileBytes.* \/ .*limits\.maxFileBytes/);
  });

  it("ingest validates with the city's limits (CITY_SETTINGS)", async () => {
    const config = ingestConfigFromEnv({
      TABLE_NAME: 'lechang-budget',
      UPLOAD_BUCKET: 'lechang-uploads',
      CITY_SETTINGS: JSON.stringify({
        id: 'lechang',
        displayName: '乐昌市民政局',
        limits: { maxGroupsPerFile: 2 },
      }),
      AWS_REGION: 'us-east-1',
    });
    const deps = buildIngestDeps(config, { telemetry: silentTelemetry });
    const result = await deps.validate(
      (async function* () {
        yield Buffer.from(rows(3));
      })(),
      'incoming/lechang/2021-12.csv',
    );
    expect(located(result.errors)).toEqual([{ code: 'TOO_MANY_GROUPS', line: 4, column: null }]);
  });
});
