export async function run(_args: string[]): Promise<number> {
  process.stderr.write('validate: not implemented yet\n');
  return 2;
}
