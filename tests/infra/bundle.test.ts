import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineFunction } from '../../infra/constructs/pipeline-function';
import { CDK_JSON_CONTEXT, logicalIdOf, PROJECT_ROOT, synthCity } from './support/synth-city';

/** Generous ceiling: the aim is ≤ 500 KB; twice that means something heavy slipped in. */
const MAX_BUNDLE_BYTES = 1024 * 1024;
/**
 * Render also writes the year's self-evaluation as .xlsx (exceljs) and .docx (docx), about
 * 1.3 MB of the ~2 MB it bundles; those libraries are the point (docs/contract.md §4.2), so its own ceiling.
 */
const MAX_RENDER_BUNDLE_BYTES = 3 * 1024 * 1024;

/** What a function's heap holds once its bundle is loaded; a decoded source map alone was ~60 MB. */
const MAX_HEAP_AFTER_LOAD = 40 * 1024 * 1024;

const outdir = mkdtempSync(path.join(tmpdir(), 'budget-cdk-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// The one test that synthesizes exactly as `cdk synth` does: esbuild for real (every other infra
// test skips bundling) and aws-cdk-lib's built-in CloudFormation validation besides cdk-nag.
describe('cdk synth -c city=lechang, bundles included', () => {
  it('bundles ingest and render with the local esbuild: ESM, no source map, ingest under 1 MiB, render under 3 MiB', () => {
    const { stack, template } = synthCity('lechang', {
      bundle: true,
      outdir,
      cloudFormationValidation: true,
    });
    const resources = template.toJSON().Resources;

    for (const fn of [stack.ingest, stack.render]) {
      const assetDir = resources[logicalIdOf(stack, fn.function)].Metadata['aws:asset:path'] as string;
      const bundle = path.join(outdir, assetDir, 'index.mjs');
      const code = readFileSync(bundle, 'utf8');
      const bytes = statSync(bundle).size;
      if (fn === stack.ingest) {
        console.log(`ingest bundle: ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes) at ${bundle}`);
      }

      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThan(fn === stack.render ? MAX_RENDER_BUNDLE_BYTES : MAX_BUNDLE_BYTES);
      // ESM with the createRequire banner for CommonJS dependencies, then the handler export.
      expect(
        code.startsWith(
          "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ),
      ).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      // No source map (scripts/bundle-options.mjs says why); identifiers kept, so stack traces
      // name the sources' functions.
      expect(code).not.toContain('sourceMappingURL');
      expect(existsSync(`${bundle}.map`)).toBe(false);
      expect(code).toMatch(fn === stack.render ? /function renderPeriod\(/ : /function validateExport\(/);
    }
  });

  it('loads each function under its NODE_OPTIONS without decoding a source map (the heap stays small)', () => {
    // Issue 20: under --enable-source-maps, Node decoded a bundle's whole source map the first
    // time anything formatted a stack (exceljs's bluebird does while loading): ~60 MB of heap
    // that stayed for the whole invocation. The bundles now carry no map and keep identifiers.
    const { stack, template } = synthCity('lechang', { bundle: true, outdir: path.join(outdir, 'load') });
    const resources = template.toJSON().Resources;
    for (const fn of [stack.ingest, stack.render]) {
      const resource = resources[logicalIdOf(stack, fn.function)];
      const built = path.join(outdir, 'load', resource.Metadata['aws:asset:path'] as string, 'index.mjs');
      // Inside the project, so the AWS SDK the Lambda runtime provides resolves from node_modules.
      const here = mkdtempSync(path.join(PROJECT_ROOT, '.bundle-load-'));
      const bundle = path.join(here, 'index.mjs');
      copyFileSync(built, bundle);
      const variables = resource.Properties.Environment.Variables as Record<string, unknown>;
      const env = Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : 'name-from-the-stack',
        ]),
      );
      expect(String(env.NODE_OPTIONS ?? '')).not.toContain('source-maps');
      // A stack formatted after loading names the function as the sources do.
      const load = [
        `const module = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
        'globalThis.gc();',
        "process.stdout.write(JSON.stringify({ heap: process.memoryUsage().heapUsed, handler: typeof module.handler, stack: new Error('x').stack.split('\\n')[1] }));",
      ].join('\n');
      const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', load], {
        env: { ...env, PATH: process.env.PATH, AWS_REGION: 'cn-north-1' },
        encoding: 'utf8',
      });
      rmSync(here, { recursive: true, force: true });
      expect(run.stderr).toBe('');
      const loaded = JSON.parse(run.stdout) as { heap: number; handler: string };
      console.log(
        `${fn === stack.render ? 'render' : 'ingest'} bundle: heap after load ${(loaded.heap / 2 ** 20).toFixed(1)} MiB`,
      );
      expect(loaded.handler).toBe('function');
      expect(loaded.heap).toBeLessThan(MAX_HEAP_AFTER_LOAD);
    }
  });

  it('minifies whitespace, and writes non-ASCII text as UTF-8 rather than \\uXXXX escapes', () => {
    const app = new App({
      outdir: path.join(outdir, 'utf8'),
      builtinCloudFormationValidation: false,
      context: { ...CDK_JSON_CONTEXT, 'aws:cdk:enable-asset-metadata': true },
    });
    const stack = new Stack(app, 'Utf8');
    const fn = new PipelineFunction(stack, 'Utf8', {
      entry: path.join(import.meta.dirname, 'fixtures/utf8-handler.ts'),
      projectRoot: PROJECT_ROOT,
      serviceName: 'utf8',
    });
    const resources = Template.fromStack(stack).toJSON().Resources;
    const assetDir =
      resources[stack.getLogicalId(fn.function.node.defaultChild as never)].Metadata['aws:asset:path'];
    const code = readFileSync(path.join(app.outdir, assetDir, 'index.mjs'), 'utf8');
    expect(code).toContain('乐昌市民政局：完成预算数的100%');
    expect(code).not.toMatch(/\n {2}/); // whitespace minified: no indented line
  });
});
