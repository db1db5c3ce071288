/**
 * The measured steps run as Lambda runs the handler: each one esbuild bundle (minified ESM
 * with source maps, the options of infra/constructs/pipeline-function.ts) on plain Node, not
 * TypeScript compiled on the fly — tsx alone adds some 40 MB of resident memory that no
 * deployed function carries. The floors are bundled the same way, so all three run alike.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { benchScript } from './run-child';

/** esbuild emits ESM; CommonJS dependencies that call `require` need one (as in the stack). */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Bundles `bench/<name>.ts` into `<outDir>/<name>.mjs`; resolves with its path. `readable`
 * skips minification, so a CPU profile names functions as the sources do.
 */
export async function bundleBenchScript(outDir: string, name: string, readable = false): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [benchScript(`${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The local Node (Lambda runs 22; the code must also run on 20).
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: !readable,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    logLevel: 'warning',
  });
  return outfile;
}
