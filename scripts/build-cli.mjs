/**
 * Builds the `budget` CLI (bin/cli.ts) into one bundle, dist/budget-cli.mjs, with the esbuild
 * options the Lambda bundles use (bundle-options.mjs), so `npx budget` starts without compiling
 * TypeScript on the fly (tsx costs 1.5–2 s per run on this project).
 *
 *   node scripts/build-cli.mjs        (also `npm run build:cli`; `npm install`/`npm ci` run it
 *                                      as the `prepare` script)
 *
 * Next to the bundle, dist/budget-cli.json lists the project files it was built from and when,
 * so bin/budget.mjs can tell whether the bundle is still fresh (see `isCliBundleFresh`).
 *
 * The bundle sits one folder below the project root, as the sources do, so module-relative paths
 * (`new URL('../examples/…', import.meta.url)` in local/demo.ts) resolve the same from both.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_OPTIONS, LOCAL_TARGET } from './bundle-options.mjs';

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI_BUNDLE = join(PROJECT_ROOT, 'dist', 'budget-cli.mjs');
const MANIFEST = join(PROJECT_ROOT, 'dist', 'budget-cli.json');
/** The worker entries' names in dist/ (without `.mjs`). */
const RANGE_WORKER = 'range-worker';
const WORKBOOK_RANGE_WORKER = 'workbook-range-worker';

/**
 * Inputs that change the bundle without being bundled: the build itself, and the lock file (a
 * dependency upgrade rewrites it).
 */
const BUILD_INPUTS = ['scripts/build-cli.mjs', 'scripts/bundle-options.mjs', 'package-lock.json'];

/**
 * Loaded at run time from node_modules instead of bundled: the emulators local mode embeds are
 * CommonJS packages that find their own files (and LevelDB's) at run time, and only
 * `budget rebuild` needs them.
 */
const EXTERNAL = ['s3rver', 'dynalite'];

/** Chunks of earlier builds are removed once they are this old (a running CLI may still load one). */
const STALE_CHUNK_MS = 10 * 60 * 1000;

/**
 * Builds the bundle in a folder of its own, then moves it into place: a concurrent run (two
 * `npx budget` at once, parallel tests) never sees half a file. Code splitting keeps each
 * command's dependencies in chunks of their own: `budget validate` loads no AWS SDK (16 MB less
 * resident memory). Chunk names are content hashes, so replacing one changes nothing.
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const dist = dirname(CLI_BUNDLE);
  mkdirSync(dist, { recursive: true });
  const staging = mkdtempSync(join(dist, '.build-'));
  try {
    const result = await build({
      ...BUNDLE_OPTIONS,
      entryPoints: {
        [basename(CLI_BUNDLE, '.mjs')]: join(PROJECT_ROOT, 'bin', 'cli.ts'),
        // The worker threads of a parallel `budget validate` (shared/csv/range-threads.ts and
        // shared/xlsx/workbook-threads.ts load them from next to themselves, and chunks sit next
        // to the entries).
        [RANGE_WORKER]: join(PROJECT_ROOT, 'shared', 'csv', 'range-worker.ts'),
        [WORKBOOK_RANGE_WORKER]: join(PROJECT_ROOT, 'shared', 'xlsx', 'workbook-range-worker.ts'),
      },
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      splitting: true,
      // Next to the entry, one folder below the root (see above).
      chunkNames: '[name]-[hash]',
      target: LOCAL_TARGET,
      external: EXTERNAL,
      metafile: true,
      logLevel: 'warning',
      absWorkingDir: PROJECT_ROOT,
    });
    const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
    const entry = relative(staging, CLI_BUNDLE.replace(dist, staging));
    const outputs = Object.keys(result.metafile.outputs).map((output) =>
      relative(staging, join(PROJECT_ROOT, output)),
    );
    writeFileSync(
      join(staging, basename(MANIFEST)),
      `${JSON.stringify({ builtAt: startedAt, inputs: [...BUILD_INPUTS, ...sources], outputs })}\n`,
    );
    // Chunks first, then the entry, the manifest last: a fresh manifest implies a complete bundle.
    const ordered = [
      ...outputs.filter((output) => !output.startsWith(entry)),
      ...outputs.filter((output) => output.startsWith(entry)),
    ];
    for (const output of [...ordered, basename(MANIFEST)])
      renameSync(join(staging, output), join(dist, output));
    removeStaleChunks(dist, new Set([...outputs, basename(MANIFEST)]));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return CLI_BUNDLE;
}

function removeStaleChunks(chunks, current) {
  const now = Date.now();
  for (const name of readdirSync(chunks)) {
    // Staging folders (`.build-…`) belong to builds under way.
    if (name.startsWith('.') || current.has(name)) continue;
    const file = join(chunks, name);
    try {
      if (now - statSync(file).mtimeMs > STALE_CHUNK_MS) rmSync(file, { force: true });
    } catch {
      // Removed by a concurrent build.
    }
  }
}

/**
 * True when the bundle exists and no file it was built from changed since the build started.
 * About 200 `stat` calls.
 */
export function isCliBundleFresh() {
  let manifest;
  try {
    statSync(CLI_BUNDLE);
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  return manifestIsFresh(manifest, (input) => {
    try {
      return statSync(join(PROJECT_ROOT, input)).mtimeMs;
    } catch {
      return null;
    }
  });
}

/**
 * The freshness rule, on a manifest (`{builtAt, inputs}`) and a way to read a file's mtime (null:
 * missing): stale when an input changed at or after the build started, or is missing now (a
 * deleted source). The lock files may be missing (a clone before `npm install`).
 */
export function manifestIsFresh(manifest, mtimeOf) {
  if (typeof manifest?.builtAt !== 'number' || !Array.isArray(manifest.inputs)) return false;
  for (const input of manifest.inputs) {
    const changed = mtimeOf(input);
    if (changed === null) {
      if (BUILD_INPUTS.includes(input)) continue;
      return false;
    }
    if (changed >= manifest.builtAt) return false;
  }
  return true;
}

// `node scripts/build-cli.mjs`: build now. Never fails an install: without a bundle,
// bin/budget.mjs builds one on first use or runs the sources through tsx.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const bundle = await buildCli();
    process.stdout.write(`built ${relative(process.cwd(), bundle) || bundle}\n`);
  } catch (error) {
    process.stderr.write(
      `budget CLI bundle not built (npx budget will use tsx): ${error instanceof Error ? error.message : error}\n`,
    );
  }
}
