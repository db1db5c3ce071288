/**
 * Every case of the hostile-zip corpus — among them the 1.3 MB file whose shared strings
 * inflate to 1.2 GB — is refused by a process that never holds more than 300 MB (peak RSS of a
 * child process that reads them all, from files, as the ingest function reads an upload).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileCorpus } from '../../../support/hostile-zips';
import { projectRoot } from '../csv/helpers';

const dir = mkdtempSync(join(tmpdir(), 'hostile-zips-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile workbooks, in bounded memory', () => {
  it('refuse each corpus case in a process under 300 MB peak RSS', async () => {
    const corpus = await hostileCorpus();
    const files = corpus.map((hostile, i) => {
      const file = join(dir, `case-${i}.xlsx`);
      writeFileSync(file, hostile.bytes);
      return file;
    });
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(projectRoot, 'tests/support/validate-workbook-files.ts'), ...files],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    const { results, peakRssBytes } = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
      results: { valid: boolean; errors: { code: string; message: string }[] }[];
      peakRssBytes: number;
    };
    expect(results).toHaveLength(corpus.length);
    results.forEach((result, i) => {
      const hostile = corpus[i];
      expect(result.valid, hostile?.name).toBe(false);
      expect(
        result.errors.map((e) => e.code),
        hostile?.name,
      ).toEqual(['WORKBOOK_UNREADABLE']);
      expect(result.errors[0]?.message, hostile?.name).toMatch(hostile?.message ?? /./);
    });
    expect(peakRssBytes).toBeGreaterThan(0);
    expect(peakRssBytes).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);
});
