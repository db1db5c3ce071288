/**
 * `budget <command>`: dispatches to one module per command. Exit codes follow the usual
 * convention: 0 success, 1 a negative result (invalid file, rejected upload), 2 usage error.
 * `--help`, `-h` and `help` print usage to stdout and exit 0, for the tool and every command.
 */
import packageJson from '../package.json' with { type: 'json' };
import { didYouMean } from '../shared/did-you-mean';

const USAGE = `budget ${packageJson.version} · 预算执行分析流水线命令行 / budget-execution pipeline CLI

用法 usage:
  budget validate <file>... [--json] [--columns mapping.json] [--threads N]
      离线校验导出文件或绩效指标文件（规则与流水线相同），可一次多个文件
      check exports or indicator files offline with the pipeline's own rules; several at once
  budget upload <file> [--city ID | --stack NAME | --bucket B] [--profile P] [--region R]
                [--key K] [--timeout SECONDS] [--force] [--json]
      上传并等待处理结果：默认上传到本机 \`npm start\`，--city/--stack 上传到已部署的城市
      upload and wait for the verdict: to the local \`npm start\` by default, or a deployed city
  budget rebuild
      由上传文件重建本地数据表和全部报表 / re-derive the local table and every report from the uploads
  budget help [command]      本帮助或某个命令的帮助 / this help, or a command's
  budget --version           版本 / version

文件类型 file types:
  .csv    UTF-8 或 GB18030/GBK 编码的 CSV / CSV in UTF-8 or GB18030/GBK
  .xlsx   Excel 工作簿（WPS 另存为 .xlsx 亦可）/ Excel workbook (WPS can save as .xlsx)
  月度预算执行导出 monthly exports → incoming/；绩效指标文件 indicator files (一级指标, 年度指标值,
  分值… in the header) → indicators/。旧版 .xls、WPS .et、.ods 不接受：请另存为 .xlsx 或 UTF-8 CSV
  / legacy .xls, .et and .ods are refused: save as .xlsx or UTF-8 CSV.

退出码 exit: 0 成功 success · 1 无效或被拒绝 invalid / rejected · 2 用法或环境错误 usage / environment
每个命令的全部选项 every option of a command: budget <command> --help
`;

type CommandModule = { run: (args: string[]) => Promise<number>; USAGE: string };

const commands: Record<string, () => Promise<CommandModule>> = {
  validate: () => import('./commands/validate'),
  upload: () => import('./commands/upload'),
  rebuild: () => import('./commands/rebuild'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0] === undefined ? undefined : commands[rest[0]];
    process.stdout.write(topic === undefined ? USAGE : (await topic()).USAGE);
    return rest[0] === undefined || topic !== undefined ? 0 : 2;
  }
  const load = name === undefined ? undefined : commands[name];
  if (load === undefined) {
    const what =
      name === undefined
        ? '缺少命令 / missing command'
        : `未知命令 / unknown command: ${name}${didYouMean(name, Object.keys(commands))}`;
    process.stderr.write(`budget: ${what}\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

// `budget validate big.csv | head`: the reader closed the pipe. Nothing left to say to it, and
// not a failure of ours: stop quietly, as other Unix tools do, instead of an EPIPE stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
