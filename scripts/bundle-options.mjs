/**
 * The one set of esbuild options every bundle of this project is built with: the Lambda
 * functions (infra/constructs/pipeline-function.ts hands them to CDK's NodejsFunction), the
 * benchmark's measured steps (bench/bundle-script.ts) and the `budget` CLI
 * (scripts/build-cli.mjs). Plain JavaScript so that `bin/budget.mjs` can build the CLI on a
 * fresh clone with nothing but Node and esbuild (no TypeScript loader yet).
 */

/**
 * esbuild emits ESM; CommonJS dependencies that call `require` need one. A bundled module must
 * therefore not import `createRequire` under that name itself (local/emulators.ts renames it).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Options shared by every bundle (esbuild `BuildOptions` names). */
export const BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Prefer the ESM builds of dependencies (Powertools ships both) for better tree shaking.
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  // Whitespace and syntax are minified, identifiers are not: a stack trace names the functions
  // as the sources do, without source maps. Node's `--enable-source-maps` decodes a bundle's
  // whole map the first time anything formats a stack (the render bundle's docx/exceljs do while
  // loading): ~510,000 mapping arrays, some 60 MB of heap held for the life of the process, a
  // sixth of what the 200,000-group render may use (heap snapshot, docs/benchmark.md 2026-12-06).
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  sourcemap: false,
  // Keep Chinese messages as UTF-8 rather than \uXXXX escapes: half the bytes, readable.
  charset: 'utf8',
});

/** Lambda runs Node.js 22; the CLI, the bench and local mode run on the local Node (22 or newer, `engines`). */
export const LAMBDA_TARGET = 'node22';
export const LOCAL_TARGET = 'node22';

/**
 * `NODE_OPTIONS` of the functions (the stack sets them, the benchmark runs its steps with them).
 * No `--enable-source-maps` (see `minifyIdentifiers` above). Both run with a small young
 * generation: its semi-spaces are resident memory, and at 4 MB a 1,000,000-row export
 * validates in about 20 MB less peak memory at the same speed (docs/benchmark.md, 2026-12-06).
 */
export const FUNCTION_NODE_OPTIONS = Object.freeze({
  ingest: ['--max-semi-space-size=4'],
  // Render's heap limit fits its 1,024 MB function (buffers and code need the rest). V8 sizes
  // the heap's growth by the limit it is given: with none, on a machine with gigabytes free, it
  // lets garbage grow to several times what is live before collecting. The 200,000-group
  // render peaked at 399 MB without it, 320–337 MB with it (docs/benchmark.md, session 4).
  render: ['--max-semi-space-size=4', '--max-old-space-size=768'],
});
