import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runBudget } from '../../../support/run-budget';
import { examplePath, fixturePath, projectRoot } from './helpers';

/** Runs `budget validate` the way a user does (bin/budget.mjs). */
const budget = (...args: string[]) => runBudget('validate', ...args);

describe('budget validate', () => {
  it('exits 0 and prints exactly the JSON of a valid file', async () => {
    const { code, stdout } = await budget(examplePath(12), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      valid: true,
      period: { year: 2021, month: 12 },
      rows: 23,
      totals: { budget: '129653700.00', spentThisMonth: '12354100.00', spentToDate: '129653700.00' },
      errors: [],
      warnings: [],
      mapping: {
        year: '年度',
        month: '月份',
        unitCode: '单位编码',
        unitName: '单位名称',
        projectCode: '项目编码',
        projectName: '项目名称',
        projectLevel: '项目级次',
        fundType: '资金性质',
        functionCode: '功能科目编码',
        expenditureType: '支出类型',
        budget: '全年预算数',
        spentThisMonth: '本月支出',
        spentToDate: '累计支出',
      },
    });
  });

  it('exits 1 with the errors of an invalid file', async () => {
    const { code, stdout } = await budget('--json', fixturePath('multiline-quoted-crlf.csv'));
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.valid).toBe(false);
    expect(json.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [5, '资金性质'],
    ]);
  });

  it('reads GB18030 and 万元 exports', async () => {
    for (const name of ['lechang-2021-12.gb18030.csv', 'lechang-2021-12.wan.csv']) {
      const { code, stdout } = await budget(fixturePath(name), '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout).totals.spentToDate).toBe('129653700.00');
    }
  });

  it('prints a bilingual summary and an error table without --json', async () => {
    const valid = await budget(examplePath(12));
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('有效 / valid');
    expect(valid.stdout).toContain('2021-12');
    expect(valid.stdout).toContain('129,653,700.00 元 (12965.37 万元)');

    const invalid = await budget(fixturePath('bad-values.csv'));
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('无效 / invalid');
    expect(invalid.stdout).toMatch(/行 line\s+列 column\s+值 value\s+说明 message/);
    expect(invalid.stdout).toMatch(/\n5\s+资金性质\s+专项资金\s+资金性质不在规定范围内/);
  });

  it.each([
    [[], 'missing file'],
    [['--jsn', 'x.csv'], 'unknown option'],
    [['/nonexistent/file.csv'], 'cannot read'],
    [['/tmp'], 'cannot read'],
  ])('exits 2 on a usage error %j', async (args, message) => {
    const { code, stdout, stderr } = await budget(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('checks several files: a report each, a summary line each, exit 1 when any is invalid', async () => {
    const files = [examplePath(11), fixturePath('bad-values.csv'), examplePath(12)];
    const { code, stdout } = await budget(...files);
    expect(code).toBe(1);
    const summary = stdout.slice(stdout.indexOf('合计 summary'));
    expect(summary).toContain('3 个文件 files, 2 个有效 valid, 1 个无效或无法读取 invalid or unreadable');
    const lines = summary.trim().split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^✓ 有效 valid +.*2021-11\.csv +期间 period 2021-11, \d+ 行 rows$/);
    expect(lines[1]).toMatch(/^✗ 无效 invalid +.*bad-values\.csv +\d+ 个错误 error\(s\)$/);
    expect(lines[2]).toMatch(/^✓ 有效 valid +.*2021-12\.csv +期间 period 2021-12, 23 行 rows$/);
    // Each file's own report comes first, errors included.
    expect(stdout.indexOf('资金性质不在规定范围内')).toBeLessThan(stdout.indexOf('合计 summary'));

    const json = await budget('--json', examplePath(12), examplePath(11));
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { file: string; valid: boolean; rows: number }[];
    expect(parsed.map((entry) => [entry.file, entry.valid])).toEqual([
      [examplePath(12), true],
      [examplePath(11), true],
    ]);
    expect(parsed[0]?.rows).toBe(23);
  });

  it('exits 2 when one of several files cannot be read, and still checks the others', async () => {
    const { code, stdout, stderr } = await budget(examplePath(12), '/nonexistent/file.csv');
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read /nonexistent/file.csv');
    expect(stdout).toMatch(/✓ 有效 valid +.*2021-12\.csv/);
  });

  // `script` (util-linux) gives the CLI a terminal for stderr, as a person at a console has.
  it.skipIf(!existsSync('/usr/bin/script'))(
    'shows its progress on stderr for a long file when stderr is a terminal, and not in a pipe',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'validate-progress-'));
      try {
        const [header, ...rows] = readFileSync(examplePath(12), 'utf8').trimEnd().split('\n');
        const big = join(dir, 'big.csv');
        const body = `${rows.join('\n')}\n`;
        writeFileSync(big, `${header}\n${body.repeat(Math.ceil((9 * 1024 * 1024) / body.length))}`);
        const log = join(dir, 'terminal.log');
        const command = `${process.execPath} bin/budget.mjs validate ${big} > /dev/null`;
        await promisify(execFile)('/usr/bin/script', ['-qec', command, log], { cwd: projectRoot });
        expect(readFileSync(log, 'utf8')).toMatch(/校验中 validating .*big\.csv: \d+% \(\d+ \/ \d+ MB\)/);
        // In a pipe (no terminal) nothing but the report.
        const piped = await budget(big);
        expect(piped.stderr).toBe('');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
