import { buildConnectors, mapWriterRoles, openSearchAccessFromEnv } from '../connectors';
import type { SetupReport } from '../core';
import { FIELD_CATALOG } from '../transformers';
import { consumerEnv } from './env';
import { type DashboardsImportProps, importDashboardsOnDeploy } from './setup-dashboards';

/** A CloudFormation custom resource event as the CDK provider framework hands it on (the parts used). */
export interface SetupEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: {
    readonly writerRoleArns?: readonly string[];
  } & DashboardsImportProps;
}

/**
 * The deploy-time setup: what `cwlpipe setup` does (every connector's templates and retention policy), on a
 * domain with fine-grained access control the mapping of cwlpipe's IAM roles to its OpenSearch role, and then
 * what `cwlpipe setup dashboards` does (the saved objects into OpenSearch Dashboards; the `dashboards`
 * property decides whether a failed import fails the deploy, see `setup-dashboards.ts`). The outcome of each
 * step is in `Data` (`opensearch`, `dashboards`). On delete nothing is removed: indices, templates and
 * dashboards outlive the stack.
 *
 * @example
 * ```ts
 * await runSetup({ RequestType: 'Update', ResourceProperties: { writerRoleArns: ['arn:aws:iam::…:role/consumer'] } }, process.env);
 * ```
 */
export const runSetup = async (
  event: SetupEvent,
  env: NodeJS.ProcessEnv,
  options: { dashboardsPauseMs?: number } = {},
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
  // After the templates: the index patterns the dashboards import name exist by then.
  Data.dashboards = await importDashboardsOnDeploy(event.ResourceProperties ?? {}, env, {
    ...(options.dashboardsPauseMs !== undefined && { pauseMs: options.dashboardsPauseMs }),
  });
  return { PhysicalResourceId, Data };
};
