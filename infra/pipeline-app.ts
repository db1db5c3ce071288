import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BudgetPipelineStack } from './budget-pipeline-stack';
import { type CityConfig, type CityConfigInput, parseCities, selectCity } from './config/city-config';

/** `BudgetPipeline-lechang`: one stack per city, so each deploys, alarms and tears down alone. */
export function stackNameFor(city: CityConfig): string {
  return `BudgetPipeline-${city.id}`;
}

/**
 * Adds the stack of the city named by the `city` context value (`-c city=<id>`) to the app and
 * runs the AWS Solutions cdk-nag checks on it at synth time. Only that one stack is built, so
 * `cdk synth` bundles two functions, not two per city.
 */
export function addCityStack(app: App, cityInputs: readonly CityConfigInput[]): BudgetPipelineStack {
  const city = selectCity(parseCities(cityInputs), app.node.tryGetContext('city'));
  const stack = new BudgetPipelineStack(app, stackNameFor(city), {
    city,
    // Without account/region the stack is environment-agnostic and deploys wherever the CLI
    // profile points; pinning them makes `cdk deploy` refuse the wrong account.
    env:
      city.account !== undefined || city.region !== undefined
        ? { account: city.account, region: city.region }
        : undefined,
    description: `Budget execution pipeline for city "${city.id}"`,
  });
  // cdk-nag v3 is a policy-validation plugin; the v2 form (Aspects.of(app).add) crashes.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
