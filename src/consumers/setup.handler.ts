import { withSecretCredentials } from '../connectors';
import { runSetup, type SetupEvent } from './setup';
import { DASHBOARDS_IMPORT_OFF } from './setup-dashboards';

// The custom resource behind `cdk deploy`: cwlpipe's setup on every deploy (see setup.ts).
export const handler = async (event: SetupEvent) => {
  const result = await runSetup(event, await withSecretCredentials(process.env));
  // A dashboards import that failed in "report" mode did not stop the deploy; its line says why.
  const dashboards = result.Data.dashboards ?? DASHBOARDS_IMPORT_OFF;
  const level =
    dashboards.startsWith('not imported') && dashboards !== DASHBOARDS_IMPORT_OFF ? 'WARN' : 'INFO';
  console.log(
    JSON.stringify({ level, message: 'Setup done.', requestType: event.RequestType, ...result.Data }),
  );
  return result;
};
