#!/usr/bin/env node
// `npx budget …`: runs the CLI (bin/cli.ts) from its esbuild bundle, dist/budget-cli.mjs, built
// by scripts/build-cli.mjs with the Lambda bundles' options — the very same sources, without
// compiling TypeScript on every start. `npm install`/`npm ci` build it (the `prepare` script);
// when it is missing or older than any file it was built from (an edit, a `git pull`, an
// install), it is rebuilt here first (about a second), and if that is impossible (no esbuild,
// e.g. `npm install --omit=dev`) the sources run through tsx as before.
import { pathToFileURL } from 'node:url';
import { buildCli, CLI_BUNDLE, isCliBundleFresh } from '../scripts/build-cli.mjs';

let bundle = isCliBundleFresh() ? CLI_BUNDLE : null;
if (bundle === null) {
  try {
    bundle = await buildCli();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`(budget: running the TypeScript sources through tsx; no bundle: ${reason})\n`);
  }
}
if (bundle !== null) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
