import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logicalIdOf, synthCity } from './support/synth-city';

/** Generous ceiling: the aim is ≤ 500 KB; twice that means something heavy slipped in. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

const outdir = mkdtempSync(path.join(tmpdir(), 'budget-cdk-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// The one test that runs esbuild for real (every other infra test skips bundling).
describe('lambda bundles', () => {
  it('bundles ingest and render with the local esbuild into minified ESM with source maps', () => {
    const { stack, template } = synthCity('lechang', { bundle: true, outdir });
    const resources = template.toJSON().Resources;

    for (const fn of [stack.ingest, stack.render]) {
      const assetDir = resources[logicalIdOf(stack, fn.function)].Metadata['aws:asset:path'] as string;
      const bundle = path.join(outdir, assetDir, 'index.mjs');
      const code = readFileSync(bundle, 'utf8');
      const bytes = statSync(bundle).size;
      if (fn === stack.ingest) {
        console.log(`ingest bundle: ${(bytes / 1024).toFixed(1)} KiB minified (${bytes} bytes) at ${bundle}`);
      }

      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);
      // ESM with the createRequire banner for CommonJS dependencies, then the handler export.
      expect(
        code.startsWith(
          "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ),
      ).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      const sourceMap = JSON.parse(readFileSync(`${bundle}.map`, 'utf8'));
      expect(sourceMap.sources.some((source: string) => source.endsWith('handler.ts'))).toBe(true);
      // Minified: no indentation-formatted lines.
      expect(code.split('\n').length).toBeLessThan(20);
    }
  });
});
