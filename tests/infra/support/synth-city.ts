import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { BudgetPipelineStack } from '../../../infra/budget-pipeline-stack';
import { cityInputs } from '../../../infra/cities';
import type { CityConfigInput } from '../../../infra/config/city-config';
import { addCityStack } from '../../../infra/pipeline-app';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The feature flags of cdk.json: `new App()` in a test does not read cdk.json, and without them
 * the tests would check a different template than `cdk synth` produces.
 */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8'),
).context;

export interface SynthOptions {
  /** Extra cities next to the configured ones (variants the real config does not use). */
  readonly extraCities?: readonly CityConfigInput[];
  /** Run esbuild for real; unit tests skip it. */
  readonly bundle?: boolean;
  /** Where the cloud assembly goes. @default a fresh temporary directory */
  readonly outdir?: string;
  /**
   * Run aws-cdk-lib's built-in CloudFormation validation (schema and lint rules, a WASM engine
   * that takes seconds to start in every test worker). `cdk synth` always runs it; among the tests
   * the real-bundle test does. cdk-nag runs in every synth regardless.
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
  /**
   * The region the cdk CLI would pass (CDK_DEFAULT_REGION) for a city without `region`; only a site
   * with an IP allow-list uses it (its web ACL must be placed relative to us-east-1).
   * @default 'us-east-1', what the CLI passes when no profile sets a region
   */
  readonly cliRegion?: string;
  /** Take the city from this settings file (`-c cityFile=`) instead of `infra/cities.ts`. */
  readonly cityFile?: string;
}

export interface SynthResult {
  readonly app: App;
  readonly stack: BudgetPipelineStack;
  readonly template: Template;
}

/**
 * Builds the app the way `cdk synth -c city=<id>` does (same flags, same cdk-nag plugin) and
 * synthesizes it; cdk-nag findings without an acknowledgment make this throw. Treat the result as
 * read-only: it is shared.
 */
export function synthCity(cityId: string, options: SynthOptions = {}): SynthResult {
  // Unbundled synths of the same city are identical: share them within a test file (worker).
  const key =
    options.bundle || options.outdir
      ? undefined
      : JSON.stringify([cityId, options.extraCities ?? [], options.cliRegion, options.cityFile]);
  const cached = key === undefined ? undefined : synthCache.get(key);
  if (cached !== undefined) return cached;
  const { app, stack } = buildCityApp(cityId, options);
  const result = { app, stack, template: Template.fromStack(stack) };
  if (key !== undefined) synthCache.set(key, result);
  return result;
}

const synthCache = new Map<string, SynthResult>();

/**
 * Like `synthCity` without synthesizing, so a test can add to the stack first. With `cityFile`,
 * `cityId` is not passed as `-c city=` (it only keys the cache).
 */
export function buildCityApp(cityId: string, options: SynthOptions = {}): Omit<SynthResult, 'template'> {
  const app = new App({
    outdir: options.outdir,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.cityFile === undefined ? { city: cityId } : { cityFile: options.cityFile }),
      // An empty list skips esbuild for every stack; '**' bundles them all.
      'aws:cdk:bundling-stacks': options.bundle ? ['**'] : [],
      'aws:cdk:enable-asset-metadata': true,
    },
  });
  const stack = addCityStack(app, [...cityInputs, ...(options.extraCities ?? [])], {
    region: options.cliRegion ?? 'us-east-1',
  });
  return { app, stack };
}

/** The logical id CloudFormation knows a construct's main resource by. */
export function logicalIdOf(
  stack: BudgetPipelineStack,
  construct: { node: { defaultChild?: unknown } },
): string {
  const resource = construct.node.defaultChild;
  if (resource === undefined) {
    throw new Error('construct has no default child resource');
  }
  return stack.getLogicalId(resource as Parameters<BudgetPipelineStack['getLogicalId']>[0]);
}
