/**
 * `budget validate <file.csv|file.xlsx> [--json] [--columns mapping.json]`: checks an export —
 * or an indicator file, recognised by its header (一级指标, 年度指标值, 分值…) — offline with
 * exactly the code the ingest Lambda runs, the file type told by its extension as for uploads.
 * Exit 0 valid, 1 invalid, 2 usage error (bad arguments, unreadable file). An indicator file's
 * weights are checked against SCORE_WEIGHT (default 10), as the city's setting.
 */
import { createReadStream } from 'node:fs';
import { access, constants, readFile, stat } from 'node:fs/promises';
import * as z from 'zod';
import { uploadFileTypeOf } from '../../functions/common/object-key';
import { errorMessage } from '../../local/error-message';
import type { ValidationIssue, ValidationResult } from '../../shared/domain-types';
import { type ColumnMapping, columnMappingSchema, toValidateJson, validateExport } from '../../shared/export';
import { unsupportedFileResult } from '../../shared/export/unsupported-file';
import { toIndicatorValidateJson } from '../../shared/indicators/indicator-validate-json';
import type { IndicatorValidationResult } from '../../shared/indicators/indicator-validation';
import { isIndicatorFile } from '../../shared/indicators/is-indicator-file';
import { DEFAULT_EXECUTION_WEIGHT, validateIndicators } from '../../shared/indicators/validate-indicators';

import { formatWan, formatYuan } from '../../shared/money';
import { formatPeriodId } from '../../shared/period-id';

const USAGE =
  'usage / 用法: budget validate <file.csv|file.xlsx> [--json] [--columns mapping.json]\n' +
  '  --columns  extra header texts per field, as a city sets them: {"budget": ["指标数"]}\n';

interface Args {
  file: string;
  json: boolean;
  columns: string | undefined;
}

function parseArgs(args: string[]): Args | string {
  let file: string | undefined;
  let json = false;
  let columns: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--columns' || arg.startsWith('--columns=')) {
      columns = arg === '--columns' ? args[++i] : arg.slice('--columns='.length);
      if (columns === undefined || columns === '') return 'missing --columns file / 缺少 --columns 文件';
    } else if (arg === '--help' || arg === '-h') return '';
    else if (arg.startsWith('-') && arg !== '-') return `unknown option / 未知选项: ${arg}`;
    else if (file === undefined) file = arg;
    else return `only one file at a time / 一次只能校验一个文件: ${arg}`;
  }
  if (file === undefined) return 'missing file argument / 缺少文件参数';
  return { file, json, columns };
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

function clip(text: string, max: number): string {
  if (width(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (width(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function table(issues: ValidationIssue[]): string {
  const rows = issues.map((issue) => [
    issue.line === 0 ? '-' : String(issue.line),
    clip(issue.column ?? '', 24),
    clip((issue.value ?? '').replace(/\s+/g, ' '), 24),
    issue.message,
  ]);
  const head = ['行 line', '列 column', '值 value', '说明 message'];
  const widths = [0, 1, 2].map((i) =>
    Math.max(width(head[i] ?? ''), ...rows.map((row) => width(row[i] ?? ''))),
  );
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i < 3 ? pad(cell, widths[i] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  return [format(head), ...rows.map(format)].join('\n');
}

function summary(file: string, result: ValidationResult): string {
  const lines: string[] = [];
  const period = result.period === null ? '—' : formatPeriodId(result.period);
  lines.push(`${result.valid ? '✓ 有效 / valid' : '✗ 无效 / invalid'}: ${file}`);
  lines.push(
    `期间 period: ${period}   明细行 rows: ${result.rows}   编码 encoding: ${result.encoding ?? '—'}`,
  );
  if (result.valid) {
    const { budget, spentThisMonth, spentToDate } = result.totals;
    lines.push(`全年预算数 budget:        ${formatYuan(budget)} 元 (${formatWan(budget)} 万元)`);
    lines.push(
      `本月支出 spent this month: ${formatYuan(spentThisMonth)} 元 (${formatWan(spentThisMonth)} 万元)`,
    );
    lines.push(`累计支出 spent to date:    ${formatYuan(spentToDate)} 元 (${formatWan(spentToDate)} 万元)`);
    lines.push(`汇总组 groups: ${result.groups.length}`);
  }
  if (result.errorCount > 0) {
    const shown =
      result.errors.length < result.errorCount
        ? ` (showing first ${result.errors.length} / 仅显示前 ${result.errors.length} 个)`
        : '';
    lines.push('', `错误 errors: ${result.errorCount}${shown}`, table(result.errors));
  }
  if (result.warnings.length > 0)
    lines.push('', `提示 warnings: ${result.warnings.length}`, table(result.warnings));
  return `${lines.join('\n')}\n`;
}

function indicatorSummary(file: string, result: IndicatorValidationResult): string {
  const json = toIndicatorValidateJson(result);
  const lines: string[] = [];
  lines.push(
    `${result.valid ? '✓ 有效 / valid' : '✗ 无效 / invalid'}: ${file} (绩效指标文件 / indicator file)`,
  );
  lines.push(
    `年度 year: ${result.year ?? '—'}   指标行 rows: ${result.rows}   编码 encoding: ${result.encoding ?? '—'}`,
  );
  for (const set of json.sets) {
    lines.push(
      `  ${set.projectCode} ${set.projectName}: ${set.indicators} 项指标 indicators, 分值 weights ${set.weight}`,
    );
  }
  if (result.errorCount > 0) lines.push('', `错误 errors: ${result.errorCount}`, table(result.errors));
  if (result.warnings.length > 0)
    lines.push('', `提示 warnings: ${result.warnings.length}`, table(result.warnings));
  return `${lines.join('\n')}\n`;
}

function executionWeight(): number {
  const value = Number(process.env.SCORE_WEIGHT ?? '');
  return process.env.SCORE_WEIGHT !== undefined && Number.isFinite(value) && value > 0
    ? value
    : DEFAULT_EXECUTION_WEIGHT;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(parsed === '' ? USAGE : `${parsed}\n${USAGE}`);
    return 2;
  }
  try {
    await access(parsed.file, constants.R_OK);
    if (!(await stat(parsed.file)).isFile()) throw new Error('not a regular file');
  } catch (error) {
    const reason = errorMessage(error);
    process.stderr.write(`cannot read / 无法读取 ${parsed.file}: ${reason}\n`);
    return 2;
  }

  let columns: ColumnMapping | undefined;
  if (parsed.columns !== undefined) {
    try {
      columns = columnMappingSchema.parse(JSON.parse(await readFile(parsed.columns, 'utf8')));
    } catch (error) {
      const reason = error instanceof z.ZodError ? z.prettifyError(error) : errorMessage(error);
      process.stderr.write(`bad column mapping / 列映射无效 ${parsed.columns}: ${reason}\n${USAGE}`);
      return 2;
    }
  }

  let result: ValidationResult;
  try {
    const type = uploadFileTypeOf(parsed.file);
    if (
      type === 'csv' &&
      (await isIndicatorFile(createReadStream(parsed.file, { highWaterMark: 1 << 16 })))
    ) {
      const indicators = await validateIndicators(createReadStream(parsed.file, { highWaterMark: 1 << 16 }), {
        executionWeight: executionWeight(),
      });
      process.stdout.write(
        parsed.json
          ? `${JSON.stringify(toIndicatorValidateJson(indicators), null, 2)}\n`
          : indicatorSummary(parsed.file, indicators),
      );
      return indicators.valid ? 0 : 1;
    }
    result =
      type === 'unsupported'
        ? unsupportedFileResult(parsed.file)
        : await validateExport(createReadStream(parsed.file, { highWaterMark: 1 << 16 }), undefined, {
            format: type,
            fileName: parsed.file,
            ...(columns === undefined ? {} : { columns }),
          });
  } catch (error) {
    const reason = errorMessage(error);
    process.stderr.write(`read error / 读取出错 ${parsed.file}: ${reason}\n`);
    return 2;
  }
  process.stdout.write(
    parsed.json ? `${JSON.stringify(toValidateJson(result), null, 2)}\n` : summary(parsed.file, result),
  );
  return result.valid ? 0 : 1;
}
