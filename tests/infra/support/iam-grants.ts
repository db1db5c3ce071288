import type { Template } from 'aws-cdk-lib/assertions';

export interface PolicyStatement {
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

/** A statement reduced to what a reviewer reads: sorted actions and resources as plain strings. */
export interface Grant {
  effect: string;
  actions: string[];
  resources: string[];
}

/** Renders a CloudFormation value as text: `{Fn::GetAtt: [Bucket, Arn]}` → `<Bucket.Arn>`. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const intrinsic = value as Record<string, unknown>;
    if (typeof intrinsic.Ref === 'string') return `<${intrinsic.Ref}>`;
    const getAtt = intrinsic['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    const join = intrinsic['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(flatten).join(join[0]);
    }
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

export const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Every statement of every identity policy (AWS::IAM::Policy) in the template, or of those attached
 * to the role (or, with `attachedTo: 'Groups'`, the group) with this logical id.
 */
export function identityStatements(
  template: Template,
  principalId?: string,
  attachedTo: 'Roles' | 'Groups' = 'Roles',
): PolicyStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(
      (policy) =>
        principalId === undefined ||
        asList(policy.Properties[attachedTo]).some((principal) => flatten(principal) === `<${principalId}>`),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

/** Sorted, flattened grants, so two lists compare regardless of statement order. */
export function normalizeGrants(grants: readonly Grant[]): Grant[] {
  return grants
    .map((grant) => ({
      ...grant,
      actions: [...grant.actions].sort(),
      resources: [...grant.resources].sort(),
    }))
    .sort((a, b) => `${a.actions}|${a.resources}`.localeCompare(`${b.actions}|${b.resources}`));
}

/** The grants of the role with this logical id, normalized. */
export function grantsOfRole(template: Template, roleId: string): Grant[] {
  return normalizeGrants(
    identityStatements(template, roleId).map((statement) => ({
      effect: statement.Effect,
      actions: asList(statement.Action).map(flatten),
      resources: asList(statement.Resource).map(flatten),
    })),
  );
}
