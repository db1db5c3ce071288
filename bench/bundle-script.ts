/**
 * The measured steps run as Lambda runs the handler: each one esbuild bundle (ESM, minified
 * but for identifiers, the options of scripts/bundle-options.mjs, as the Lambda functions) on plain Node, not
 * TypeScript compiled on the fly — tsx alone adds some 40 MB of resident memory that no
 * deployed function carries. The floors are bundled the same way, so all three run alike.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, LOCAL_TARGET } from '../scripts/bundle-options.mjs';
import { benchScript } from './run-child';

/**
 * Bundles `bench/<name>.ts` into `<outDir>/<name>.mjs`; resolves with its path. `readable`
 * skips minification too, so a CPU profile's lines are the sources' lines.
 */
export async function bundleBenchScript(outDir: string, name: string, readable = false): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [benchScript(`${name}.ts`)],
    outfile,
    ...BUNDLE_OPTIONS,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    // The local Node (Lambda runs 22; the code must also run on 20).
    target: LOCAL_TARGET,
    ...(readable ? { minifyWhitespace: false, minifySyntax: false } : {}),
    logLevel: 'warning',
  });
  return outfile;
}
