import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Synthesizes the CDK app once per configuration for every infra test file, through the same launcher as
 * `npm run synth` (esbuild bundling of every function, cdk-nag's AwsSolutions checks): a configuration that
 * does not synthesize, or has an unacknowledged finding, fails here with the app's own message.
 */
export const INFRA_OUT = join(__dirname, '..', '..', '.cache', 'infra-test');

export const CONFIGURATIONS: Record<string, Record<string, unknown>> = {
  defaults: {},
  everything: JSON.parse(readFileSync(join(__dirname, 'fixtures', 'everything.json'), 'utf8')),
  // An existing domain by endpoint and ARN, Firehose to S3, a custom Dashboards URL, no archive.
  existing: JSON.parse(readFileSync(join(__dirname, 'fixtures', 'existing.json'), 'utf8')),
};

const synth = (name: string, settings: Record<string, unknown>): Promise<void> =>
  new Promise((resolve, reject) => {
    const outdir = join(INFRA_OUT, name);
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    const context = {
      cwlpipe: settings,
      deployStamp: 'test',
      account: '123456789012',
      region: 'eu-west-1',
      '@aws-cdk/customresources:installLatestAwsSdkDefault': false,
    };
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'infra', 'bin', 'run.js')], {
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`The CDK app (${name}) did not synthesize:\n${output.slice(-6_000)}`)),
    );
  });

export default async (): Promise<void> => {
  await Promise.all(Object.entries(CONFIGURATIONS).map(([name, settings]) => synth(name, settings)));
};
