import { withSecretCredentials } from '../connectors';
import { runSetup, type SetupEvent } from './setup';

// The custom resource behind `cdk deploy`: cwlpipe's setup on every deploy (see setup.ts).
export const handler = async (event: SetupEvent) => {
  const result = await runSetup(event, await withSecretCredentials(process.env));
  console.log(JSON.stringify({ message: 'Setup done.', requestType: event.RequestType, ...result.Data }));
  return result;
};
