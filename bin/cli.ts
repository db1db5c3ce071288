/**
 * `budget <command>`: dispatches to one module per command. Exit codes follow the usual
 * convention: 0 success, 1 a negative result (invalid file, rejected upload), 2 usage error.
 */
const USAGE = `usage / 用法:
  budget validate <file.csv> [--json]     check an export offline / 离线校验导出文件
  budget upload <file.csv> [--key K] [--bucket B]   upload and wait for the status / 上传并等待处理结果
  budget rebuild                          re-derive table and reports from uploads / 由上传文件重建
`;

type CommandModule = { run: (args: string[]) => Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  validate: () => import('./commands/validate'),
  upload: () => import('./commands/upload'),
  rebuild: () => import('./commands/rebuild'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name === undefined ? undefined : commands[name];
  if (load === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));

// A module (not a script), so top-level await is allowed.
export {};
