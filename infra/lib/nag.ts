import { Aspects, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct and everything under it, with the reason it is acceptable.
 * Rules that report several findings (IAM4, IAM5) are acknowledged one finding at a time, by its exact id
 * (`AwsSolutions-IAM5[Resource::<ArchiveBucket49F1AC64.Arn>/*]`), so a new wildcard still fails the synth.
 *
 * @example
 * ```ts
 * acknowledge(bucket, 'AwsSolutions-S1', 'This bucket holds the access logs of the archive; logging it would loop.');
 * acknowledge(stack, `AwsSolutions-IAM5[Resource::${arnOf(bucket)}/*]`, 'Objects of the archive bucket only.');
 * ```
 */
export const acknowledge = (scope: IConstruct, id: string, reason: string): void => {
  if (reason.trim().length < 20) throw new Error(`The acknowledgement of ${id} needs a real reason.`);
  Validations.of(scope).acknowledge({ id, reason });
};

/** How cdk-nag writes a resource's `Fn::GetAtt … Arn` in a finding: `<LogicalId.Arn>`. */
export const arnOf = (construct: IConstruct): string => {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
};

/**
 * A reference as cdk-nag writes it in a finding (its `flattenCfnReference`): `Fn::Join` joined,
 * `Fn::GetAtt` as `<Logical.Attr>`, `Ref` as `<Logical>`, `${x}` as `<x>`.
 */
export const flattenReference = (node: unknown): string => {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const value = node as Record<string, unknown>;
  if (Array.isArray(value['Fn::Join'])) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (value['Fn::Sub'] !== undefined) return flattenReference(value['Fn::Sub']);
  if (Array.isArray(value['Fn::GetAtt'])) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (value['Fn::ImportValue'] !== undefined) return flattenReference(value['Fn::ImportValue']);
  if (value.Ref !== undefined) return `<${flattenReference(value.Ref)}>`;
  return JSON.stringify(node);
};

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** The AwsSolutions-IAM5 findings of one policy document, as cdk-nag names them (`Action::s3:*`, `Resource::…/*`). */
export const wildcardFindings = (document: { Statement?: unknown[] } | undefined): string[] => {
  const findings = new Set<string>();
  for (const statement of (document?.Statement ?? []) as {
    Effect?: string;
    Action?: unknown;
    Resource?: unknown;
  }[]) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of asArray(statement.Action) as string[])
      if (typeof action === 'string' && action.includes('*')) findings.add(`Action::${action}`);
    for (const resource of asArray(statement.Resource)) {
      const flat = flattenReference(resource);
      if (flat.includes('*')) findings.add(`Resource::${flat}`);
    }
  }
  return [...findings];
};

/**
 * Acknowledges the AwsSolutions-IAM5 findings of the policies under `scope` that match one of `allowed`, with
 * the reason; any other wildcard still fails the synth. It runs as an aspect, once the policies are complete.
 *
 * @example
 * ```ts
 * acknowledgeWildcards(stateMachine, 'ecs:ListTasks takes no resource.', [/^Resource::\*$/]);
 * ```
 */
export const acknowledgeWildcards = (scope: IConstruct, reason: string, allowed: readonly RegExp[]): void => {
  if (reason.trim().length < 20) throw new Error('A wildcard acknowledgement needs a real reason.');
  Aspects.of(scope).add({
    visit(node: IConstruct): void {
      let documents: unknown[] = [];
      if (node instanceof CfnPolicy) documents = [Stack.of(node).resolve(node.policyDocument)];
      else if (node instanceof CfnRole)
        documents = asArray(Stack.of(node).resolve(node.policies)).map(
          (policy) => (policy as { policyDocument?: unknown }).policyDocument,
        );
      else return;
      for (const document of documents)
        for (const finding of wildcardFindings(document as { Statement?: unknown[] }))
          if (allowed.some((pattern) => pattern.test(finding)))
            Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    },
  });
};

/** A function's versions (`<Fn.Arn>:*`), which every Lambda invoke grant includes. */
export const FUNCTION_VERSIONS = /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/;
