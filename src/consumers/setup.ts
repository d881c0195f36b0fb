import { buildConnectors, mapWriterRoles, openSearchAccessFromEnv } from '../connectors';
import type { SetupReport } from '../core';
import { FIELD_CATALOG } from '../transformers';
import { consumerEnv } from './env';

/** A CloudFormation custom resource event as the CDK provider framework hands it on (the parts used). */
export interface SetupEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: { readonly writerRoleArns?: readonly string[] };
}

/**
 * The deploy-time setup: what `cwlpipe setup` does (every connector's templates and retention policy), and,
 * on a domain with fine-grained access control, the mapping of cwlpipe's IAM roles to its OpenSearch role.
 * On delete nothing is removed: indices and templates outlive the stack.
 *
 * @example
 * ```ts
 * await runSetup({ RequestType: 'Update', ResourceProperties: { writerRoleArns: ['arn:aws:iam::…:role/consumer'] } }, process.env);
 * ```
 */
export const runSetup = async (
  event: SetupEvent,
  env: NodeJS.ProcessEnv,
): Promise<{ PhysicalResourceId: string; Data: Record<string, string> }> => {
  const PhysicalResourceId = event.PhysicalResourceId ?? 'cwlpipe-setup';
  if (event.RequestType === 'Delete') return { PhysicalResourceId, Data: {} };
  const roles = event.ResourceProperties?.writerRoleArns ?? [];
  const access = openSearchAccessFromEnv(env);
  if (roles.length > 0 && access !== undefined)
    await mapWriterRoles(access.client, access.indexPrefix, roles);
  const connectors = buildConnectors(consumerEnv(env).connectors, env);
  const reports: SetupReport[] = [];
  try {
    for (const connector of connectors) {
      if (connector.setup !== undefined) reports.push(await connector.setup({ fields: FIELD_CATALOG }));
    }
  } finally {
    await Promise.all(connectors.map((connector) => connector.close?.()));
  }
  const Data: Record<string, string> = {};
  for (const report of reports) Data[report.connector] = report.summary;
  return { PhysicalResourceId, Data };
};
