import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveSettings, type SettingsInput } from '../lib/config';
import { CwlpipeStack } from '../lib/cwlpipe-stack';

/**
 * `npx cdk synth|deploy` (or `npm run synth`): the settings come from the `cwlpipe` context key (cdk.json,
 * `cdk.context.json` or `-c cwlpipeFile=FILE`), the account and region from the context keys `account` and
 * `region` or the CLI's environment. No lookup reaches AWS: VPCs and subnets are given by id.
 */
const app = new App();
// `-c cwlpipeFile=settings.json` reads the settings from a file (easier than JSON on a command line).
const file: string | undefined = app.node.tryGetContext('cwlpipeFile');
const raw: unknown =
  file !== undefined ? JSON.parse(readFileSync(file, 'utf8')) : (app.node.tryGetContext('cwlpipe') ?? {});
const settings = resolveSettings((typeof raw === 'string' ? JSON.parse(raw) : raw) as SettingsInput);
const account = app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT;
const region = app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION;
new CwlpipeStack(app, app.node.tryGetContext('stackName') ?? 'Cwlpipe', {
  settings,
  // The sweep and setup custom resources run on every deploy because this changes.
  deployStamp: app.node.tryGetContext('deployStamp') ?? new Date().toISOString(),
  ...(account !== undefined && region !== undefined && { env: { account, region } }),
  description: 'cwlpipe: CloudWatch Logs to OpenSearch and BigQuery (streaming, archive, daily batch).',
});
// cdk-nag's AwsSolutions pack: an unacknowledged finding fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
