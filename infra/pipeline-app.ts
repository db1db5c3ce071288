import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { allowListOf } from '../shared/site-access';
import { BudgetPipelineStack } from './budget-pipeline-stack';
import {
  type CityConfig,
  CityConfigError,
  type CityConfigInput,
  parseCities,
  requireSiteAccess,
  selectCity,
} from './config/city-config';
import { readCityFile } from './config/city-file';
import { stackNameFor } from './config/stack-name';
import { CLOUDFRONT_WEB_ACL_REGION } from './constructs/site-allow-list';
import { SiteAccessStack } from './site-access-stack';

export { stackNameFor };

/** The us-east-1 stack holding the web ACL of a city whose pipeline lives in another region. */
export function siteAccessStackNameFor(city: CityConfig): string {
  return `${stackNameFor(city)}-SiteAccess`;
}

/** Account and region of the deploying CLI profile, which `cdk` passes to the app. */
export interface CliEnvironment {
  readonly account?: string;
  readonly region?: string;
}

export function cliEnvironmentFromProcess(): CliEnvironment {
  return { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
}

/**
 * The city to build: from `-c cityFile=<file.json>` (one city's settings, the same schema) or
 * `-c city=<id>` (an entry of `infra/cities.ts`). Both together must name the same city.
 */
export function selectConfiguredCity(app: App, cityInputs: readonly CityConfigInput[]): CityConfig {
  const cityFile: unknown = app.node.tryGetContext('cityFile');
  const requested: unknown = app.node.tryGetContext('city');
  if (cityFile === undefined) {
    return selectCity(parseCities(cityInputs), requested);
  }
  if (typeof cityFile !== 'string' || cityFile.length === 0) {
    throw new CityConfigError('-c cityFile= needs the path of a city settings file (JSON)');
  }
  const city = readCityFile(cityFile);
  if (requested !== undefined && requested !== city.id) {
    throw new CityConfigError(
      `-c city=${String(requested)} and -c cityFile=${cityFile} (id "${city.id}") name different cities; pass one of them`,
    );
  }
  return city;
}

/**
 * Adds the stack of the selected city (`-c city=<id>` or `-c cityFile=<file>`) to the app and runs
 * the AWS Solutions cdk-nag checks on it at synth time. Only that one city is built, so `cdk synth`
 * bundles two functions, not two per city.
 *
 * A site with an IP allow-list needs a web ACL in us-east-1 (the only region CloudFront reads them
 * from). When the city's stack is in us-east-1 the ACL is part of it; otherwise it goes into a second
 * stack, `<stack>-SiteAccess`, pinned to us-east-1, that the city's stack depends on. Either way the
 * stack's region has to be known at synth: a city without `region` takes the CLI profile's, which is
 * where `cdk deploy` puts an environment-agnostic stack anyway.
 */
export function addCityStack(
  app: App,
  cityInputs: readonly CityConfigInput[],
  cli: CliEnvironment = cliEnvironmentFromProcess(),
): BudgetPipelineStack {
  const city = selectConfiguredCity(app, cityInputs);
  // Before any construct exists, so the message is the only thing `cdk synth` prints.
  const allowList = city.site.mode === 'cloudfront' ? allowListOf(requireSiteAccess(city)) : undefined;
  const region = city.region ?? (allowList === undefined ? undefined : cli.region);
  if (allowList !== undefined && region === undefined) {
    throw new CityConfigError(
      `city "${city.id}": site.access.allowCidrs needs a web ACL in ${CLOUDFRONT_WEB_ACL_REGION}, so the stack's region must be known at synth: set "region" in the city settings, or run the app through the cdk CLI, which passes the profile's region (CDK_DEFAULT_REGION)`,
    );
  }

  const siteAccessStack =
    allowList !== undefined && region !== CLOUDFRONT_WEB_ACL_REGION
      ? new SiteAccessStack(app, siteAccessStackNameFor(city), {
          name: `budget-${city.id}`,
          allowCidrs: allowList.allowCidrs,
          account: city.account,
          description: `Web ACL (IP allow-list) of the report site of city "${city.id}"`,
        })
      : undefined;

  const stack = new BudgetPipelineStack(app, stackNameFor(city), {
    city,
    // Without account/region the stack is environment-agnostic and deploys wherever the CLI
    // profile points; pinning them makes `cdk deploy` refuse the wrong account.
    env: city.account !== undefined || region !== undefined ? { account: city.account, region } : undefined,
    webAclArn: siteAccessStack?.allowList.webAclArn,
    description: `Budget execution pipeline for city "${city.id}"`,
  });
  // cdk-nag v3 is a policy-validation plugin; the v2 form (Aspects.of(app).add) crashes.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
