/**
 * `BudgetPipeline-lechang`: one stack per city, so each deploys, alarms and tears down alone. Its
 * own module (no aws-cdk-lib) so `budget upload --city` finds the stack without loading the CDK.
 */
export function stackNameFor(city: { readonly id: string }): string {
  return `BudgetPipeline-${city.id}`;
}
