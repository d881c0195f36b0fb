import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { INFRA_OUT } from './global-setup';

/** The template global-setup synthesized for one configuration (`defaults`, `everything`). */
export const templateOf = (configuration: 'defaults' | 'everything' | 'existing'): Template =>
  Template.fromJSON(
    JSON.parse(readFileSync(join(INFRA_OUT, configuration, 'Cwlpipe.template.json'), 'utf8')),
  );

/** The resources of one type, by logical id. */
export const resourcesOf = (
  template: Template,
  type: string,
): Record<string, { Properties: Record<string, unknown> }> =>
  template.findResources(type) as Record<string, { Properties: Record<string, unknown> }>;

/** The one function with this name (`cwlpipe-consumer`…), or a failed test naming it. */
export const functionNamed = (
  template: Template,
  name: string,
): { id: string; properties: Record<string, unknown> } => {
  const matches = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(
    ([, resource]) => resource.Properties.FunctionName === name,
  );
  if (matches.length !== 1) throw new Error(`Expected one function named ${name}, found ${matches.length}.`);
  const [id, resource] = matches[0] as [string, { Properties: Record<string, unknown> }];
  return { id, properties: resource.Properties };
};
