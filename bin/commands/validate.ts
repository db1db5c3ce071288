/**
 * `budget validate <file>... [--json] [--columns mapping.json]`: checks exports — or indicator
 * files, recognised by their header (一级指标, 年度指标值, 分值…) — offline with exactly the code
 * the ingest Lambda runs, the file type told by its extension as for uploads. Several files: a
 * report each, then a summary line each. Exit 0 all valid, 1 any invalid, 2 usage error (bad
 * arguments, an unreadable file). An indicator file's weights are checked against SCORE_WEIGHT
 * (default 10), as the city's setting. Long files show their progress on stderr when it is a
 * terminal.
 */
import { createReadStream } from 'node:fs';
import { access, constants, readFile, stat } from 'node:fs/promises';
import { pipeline, type Readable, Transform } from 'node:stream';
import * as z from 'zod';
import { uploadFileTypeOf } from '../../functions/common/object-key';
import { errorMessage } from '../../local/error-message';
import { validateCsvFile } from '../../shared/csv/range-threads';
import type { ValidationIssue, ValidationResult } from '../../shared/domain-types';
import { type ColumnMapping, columnMappingSchema, toValidateJson } from '../../shared/export';
import type { HeaderContext } from '../../shared/export/header-detection';
import { unsupportedFileResult } from '../../shared/export/unsupported-file';
import { DEFAULT_VALIDATE_OPTIONS } from '../../shared/export/validate-options';
import { yuanAndWan } from '../../shared/format';
import { toIndicatorValidateJson } from '../../shared/indicators/indicator-validate-json';
import type { IndicatorValidationResult } from '../../shared/indicators/indicator-validation';
import { isIndicatorFile, isIndicatorWorkbookFile } from '../../shared/indicators/is-indicator-file';
import { DEFAULT_EXECUTION_WEIGHT, validateIndicators } from '../../shared/indicators/validate-indicators';
import { formatPeriodId } from '../../shared/period-id';
import { OpenedWorkbook } from '../../shared/xlsx/opened-workbook';
import { zipLimitsFor } from '../../shared/xlsx/read-workbook-records';
import { startWorkbookWorker, validateWorkbookFile } from '../../shared/xlsx/workbook-threads';

export const USAGE = `用法 usage: budget validate <file.csv|file.xlsx>... [--json] [--columns mapping.json] [--threads N]

离线校验月度导出文件或绩效指标文件（按表头识别），规则与流水线完全相同；可一次给多个文件。
Checks monthly exports or indicator files (recognised by their header) offline, with exactly the
pipeline's rules; several files at once.

  --columns F   各字段的额外表头文字，与城市配置相同 / extra header texts per field, as a city sets
                them: {"budget": ["指标数"]}
  --json        以 JSON 输出（一个文件一个对象；多个文件为数组，每项带 file）/ print JSON (one
                object; for several files an array, each with its file)
  --threads N   大于 16 MiB 的 CSV 用 N 个线程读，结论与单线程相同（默认：有空闲 CPU 时为 2，否则 1；
                1 内存最省）；.xlsx 最多 2 个（默认仅在空闲 CPU 不少于 3.5 个且数据表超过约 26 万行
                时；指定 2 时约 4 万行起）/ read a CSV over 16 MiB on N threads, with the verdict
                of one reading (default: 2 when the machine has a CPU idle, else 1; 1 takes the
                least memory: each thread holds its part's groups); an .xlsx on at most 2 (by
                default only with 3.5 CPUs idle and a data sheet past ~260,000 rows; from ~40,000
                with --threads 2) (docs/benchmark.md)
  -h, --help    本说明 / this help
  SCORE_WEIGHT  环境变量：指标文件的执行率分值（默认 10）/ environment: execution weight of
                indicator files (default 10)

文件类型 file types: .csv (UTF-8, GB18030/GBK), .xlsx；其他类型按流水线的规则拒绝 / others are refused
as the pipeline refuses them.
退出码 exit: 0 全部有效 all valid · 1 有无效文件 any invalid · 2 用法错误或无法读取 usage error / unreadable
`;

interface Args {
  files: string[];
  json: boolean;
  columns: string | undefined;
  /** Undefined: the default (range-threads.ts). */
  threads: number | undefined;
  help: boolean;
}

function parseArgs(args: string[]): Args | string {
  const files: string[] = [];
  let json = false;
  let columns: string | undefined;
  let threads: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--threads' || arg.startsWith('--threads=')) {
      threads = Number(arg === '--threads' ? args[++i] : arg.slice('--threads='.length));
      if (threads === undefined || !Number.isInteger(threads) || threads < 1 || threads > 64)
        return '--threads needs a whole number from 1 to 64 / --threads 须为 1 到 64 的整数';
    } else if (arg === '--columns' || arg.startsWith('--columns=')) {
      columns = arg === '--columns' ? args[++i] : arg.slice('--columns='.length);
      if (columns === undefined || columns === '') return 'missing --columns file / 缺少 --columns 文件';
    } else if (arg === '--help' || arg === '-h' || (arg === 'help' && files.length === 0))
      return { files, json, columns, threads, help: true };
    else if (arg.startsWith('-') && arg !== '-') return `unknown option / 未知选项: ${arg}`;
    else files.push(arg);
  }
  if (files.length === 0) return 'missing file argument / 缺少文件参数';
  return { files, json, columns, threads, help: false };
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
    // A workbook issue names its cell too: 「实际完成值 (H12)」.
    clip(issue.cell === undefined ? (issue.column ?? '') : `${issue.column ?? ''} (${issue.cell})`, 30),
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
    lines.push(`全年预算数 budget:        ${yuanAndWan(budget)}`);
    lines.push(`本月支出 spent this month: ${yuanAndWan(spentThisMonth)}`);
    lines.push(`累计支出 spent to date:    ${yuanAndWan(spentToDate)}`);
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

/** One file's outcome: its report (text or JSON) and its line in the closing summary. */
interface FileOutcome {
  code: 0 | 1 | 2;
  report: string;
  json: unknown;
  line: string;
}

/** Files this large show their progress on a terminal (a 300,000-row export is ~60 MB). */
const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Reports on stderr how far a file has been read, when stderr is a terminal and the file is
 * long: `校验中 validating x.csv: 45% (27 / 60 MB)`, at most four times a second.
 */
function progressLine(file: string, size: number): { update: (read: number) => void; done: () => void } {
  if (!process.stderr.isTTY || size < PROGRESS_MIN_BYTES) return { update: () => {}, done: () => {} };
  let shownAt = 0;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  return {
    update: (read) => {
      const now = Date.now();
      if (now - shownAt < 250 && read < size) return;
      shownAt = now;
      const percent = Math.floor((read / size) * 100);
      process.stderr.write(`\r校验中 validating ${file}: ${percent}% (${mb(read)} / ${mb(size)} MB)`);
    },
    done: () => process.stderr.write('\r\x1b[K'),
  };
}

/** The file as a stream, its progress on stderr (see `progressLine`). */
/**
 * The file's bytes, counted as the reader takes them. Counting in a transform, not with a 'data'
 * listener on the file stream: a listener switches the stream to flowing mode at once, and the
 * chunks it emits before the reader's iterator is attached (the workbook path awaits first) are
 * lost, so a workbook arrived cut short and was called "not an Excel workbook".
 */
function readWithProgress(file: string, size: number): { stream: Readable; done: () => void } {
  const progress = progressLine(file, size);
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      progress.update(read);
      callback(null, chunk);
    },
  });
  // A read error reaches the reader through the counter, which pipeline destroys with it.
  pipeline(createReadStream(file, { highWaterMark: 1 << 16 }), counter, () => {});
  return { stream: counter, done: progress.done };
}

async function validateFile(
  file: string,
  columns: ColumnMapping | undefined,
  threads: number | undefined,
): Promise<FileOutcome> {
  let size: number;
  try {
    await access(file, constants.R_OK);
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file / 不是普通文件');
    size = info.size;
  } catch (error) {
    const message = `无法读取 / cannot read ${file}: ${errorMessage(error)}`;
    return { code: 2, report: '', json: { file, error: message }, line: `! ${message}` };
  }
  const type = uploadFileTypeOf(file);
  // A large workbook's second thread starts loading now (shared/xlsx/workbook-threads.ts); it is
  // ended whatever happens (a live thread would keep the CLI from exiting).
  const worker = type === 'xlsx' ? startWorkbookWorker(size, threads) : null;
  // A workbook is opened once for both readings below; one that cannot be opened is left to
  // them, which report why.
  const opened =
    type === 'xlsx'
      ? await OpenedWorkbook.open(file, size, zipLimitsFor(DEFAULT_VALIDATE_OPTIONS)).catch(() => undefined)
      : undefined;
  try {
    // A workbook is opened in place (an upload is copied to a temporary file first).
    const isIndicators =
      type === 'xlsx'
        ? await isIndicatorWorkbookFile(file, size, opened)
        : type === 'csv' && (await isIndicatorFile(createReadStream(file, { highWaterMark: 1 << 16 })));
    if (type !== 'unsupported' && isIndicators) {
      void worker?.terminate();
      const { stream, done } = readWithProgress(file, size);
      const indicators = await validateIndicators(
        stream,
        { executionWeight: executionWeight() },
        type,
      ).finally(done);
      const json = toIndicatorValidateJson(indicators);
      return {
        code: indicators.valid ? 0 : 1,
        report: indicatorSummary(file, indicators),
        json,
        line: indicators.valid
          ? `✓ 有效 valid    ${file}  绩效指标 indicators, 年度 year ${indicators.year ?? '—'}, ${json.sets.length} 个项目 projects`
          : `✗ 无效 invalid  ${file}  ${indicators.errorCount} 个错误 error(s)`,
      };
    }
    let result: ValidationResult;
    const context: HeaderContext = { fileName: file, ...(columns === undefined ? {} : { mapping: columns }) };
    const threadCount = threads === undefined ? {} : { threads };
    if (type === 'unsupported') result = unsupportedFileResult(file);
    // A file on disk can be read on several threads with the verdict of one reading
    // (shared/csv/parallel-validation.ts, shared/xlsx/workbook-ranges.ts, `--threads`).
    else if (type === 'csv') {
      const progress = progressLine(file, size);
      result = (
        await validateCsvFile(file, undefined, context, {
          ...threadCount,
          onProgress: progress.update,
        }).finally(progress.done)
      ).result;
    } else {
      const progress = progressLine(file, size);
      const reading = {
        ...threadCount,
        worker,
        ...(opened === undefined ? {} : { opened }),
        onProgress: (share: number) => progress.update(share * size),
      };
      result = (await validateWorkbookFile(file, undefined, context, reading).finally(progress.done)).result;
    }
    const period = result.period === null ? '—' : formatPeriodId(result.period);
    return {
      code: result.valid ? 0 : 1,
      report: summary(file, result),
      json: toValidateJson(result),
      line: result.valid
        ? `✓ 有效 valid    ${file}  期间 period ${period}, ${result.rows} 行 rows`
        : `✗ 无效 invalid  ${file}  ${result.errorCount} 个错误 error(s)`,
    };
  } catch (error) {
    const message = `读取出错 / read error ${file}: ${errorMessage(error)}`;
    return { code: 2, report: '', json: { file, error: message }, line: `! ${message}` };
  } finally {
    void worker?.terminate();
    await opened?.close();
  }
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`budget validate: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
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

  const outcomes: FileOutcome[] = [];
  for (const file of parsed.files) {
    const outcome = await validateFile(file, columns, parsed.threads);
    outcomes.push(outcome);
    if (outcome.code === 2) process.stderr.write(`${outcome.line.slice(2)}\n`);
    else if (!parsed.json) process.stdout.write(`${outcomes.length > 1 ? '\n' : ''}${outcome.report}`);
  }
  if (parsed.json) {
    const json =
      outcomes.length === 1
        ? outcomes[0]?.json
        : outcomes.map((outcome, i) => ({ file: parsed.files[i], ...(outcome.json as object) }));
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (outcomes.length > 1) {
    const invalid = outcomes.filter((outcome) => outcome.code !== 0).length;
    process.stdout.write(
      `\n合计 summary: ${outcomes.length} 个文件 files, ${outcomes.length - invalid} 个有效 valid, ${invalid} 个无效或无法读取 invalid or unreadable\n` +
        `${outcomes.map((outcome) => outcome.line).join('\n')}\n`,
    );
  }
  return Math.max(...outcomes.map((outcome) => outcome.code)) as 0 | 1 | 2;
}
