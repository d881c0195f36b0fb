import type { Template } from 'aws-cdk-lib/assertions';
import { resourcesOf, templateOf } from './support';

// What issue 14 asks of the deployed stack: no secret in any function's or task's environment (credentials
// come from roles, or from Secrets Manager by name), and the search endpoint reached over HTTPS only.
const templates = {
  defaults: templateOf('defaults'),
  everything: templateOf('everything'),
  existing: templateOf('existing'),
};

/** Every environment variable of every function and container, as `name → value` (values as synthesized). */
const environments = (template: Template): [string, string, unknown][] => [
  ...Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).flatMap(([id, resource]) =>
    Object.entries(
      (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
        {},
    ).map(([name, value]): [string, string, unknown] => [id, name, value]),
  ),
  ...Object.entries(resourcesOf(template, 'AWS::ECS::TaskDefinition')).flatMap(([id, resource]) =>
    (
      resource.Properties.ContainerDefinitions as { Environment?: { Name: string; Value: unknown }[] }[]
    ).flatMap((container) =>
      (container.Environment ?? []).map(({ Name, Value }): [string, string, unknown] => [id, Name, Value]),
    ),
  ),
];

const SECRET_NAME = /PASSWORD|API_?KEY|TOKEN|SECRET_ACCESS|PRIVATE_KEY|CREDENTIALS(?!_SECRET$)/i;

describe.each(Object.entries(templates))('CDK app (%s): no secret in an environment', (_, template) => {
  it('passes no password, key or token to any function or task, only the names of secrets', () => {
    // Prepare
    const variables = environments(template);

    // Act
    const secretLooking = variables.filter(([, name]) => SECRET_NAME.test(name));
    const secretHolders = variables.filter(([, name]) => /_SECRET$/.test(name));

    // Assess
    expect(variables.length).toBeGreaterThan(10);
    expect(secretLooking).toEqual([]);
    // A variable naming a secret holds its name or ARN, never its content (no JSON, no PEM).
    for (const [, , value] of secretHolders)
      expect(JSON.stringify(value)).not.toMatch(/BEGIN|private_key|\{\\"/);
  });

  it('reaches the search endpoint over https:// only, signed with SigV4', () => {
    // Prepare
    const urls = environments(template).filter(([, name]) => name === 'OPENSEARCH_URL');

    // Act
    const insecure = urls.filter(([, , value]) => !JSON.stringify(value).includes('https://'));

    // Assess
    expect(urls.length).toBeGreaterThan(0);
    expect(insecure).toEqual([]);
    const regions = environments(template).filter(([, name]) => name === 'OPENSEARCH_AWS_REGION');
    expect(regions.length).toBe(urls.length);
  });
});
