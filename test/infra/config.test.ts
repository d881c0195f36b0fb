import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { backfillRange, snapshotName } from '../../infra/lambda/batch-steps/range';
import { checkConsumerTiming, DEFAULT_SETTINGS, resolveSettings } from '../../infra/lib/config';
import { CwlpipeStack } from '../../infra/lib/cwlpipe-stack';
import { flattenReference, wildcardFindings } from '../../infra/lib/nag';

describe('Infra settings', () => {
  it('lays given settings over the defaults', () => {
    // Prepare // Act
    const settings = resolveSettings({ consumer: { timeoutSeconds: 60 }, firehose: { enabled: true } });
    // Assess
    expect(settings.consumer).toEqual({ ...DEFAULT_SETTINGS.consumer, timeoutSeconds: 60 });
    expect(settings.firehose.enabled).toBe(true);
    expect(settings.stream).toEqual(DEFAULT_SETTINGS.stream);
  });

  it("accepts an existing OpenSearch endpoint without the domain's sizing", () => {
    // Prepare // Act
    const settings = resolveSettings({
      openSearch: { mode: 'existing', endpoint: 'https://search-logs.eu-west-1.es.amazonaws.com' },
    });
    // Assess
    expect(settings.openSearch).toEqual({
      mode: 'existing',
      endpoint: 'https://search-logs.eu-west-1.es.amazonaws.com',
      indexPrefix: 'cwl',
      retentionDays: 30,
      dashboards: { import: 'report' },
    });
  });

  it.each([
    [{ timeoutSeconds: 20, safetyMarginMs: 10_000 }, 'more than a quarter of consumer.timeoutSeconds (20 s)'],
    [{ timeoutSeconds: 5 }, 'consumer.timeoutSeconds is 5; it must be between 10 and 900'],
    [{ timeoutSeconds: 901 }, 'consumer.timeoutSeconds is 901'],
    [{ safetyMarginMs: 500 }, 'consumer.safetyMarginMs is 500'],
  ])('refuses a consumer timeout and margin that do not fit: %j', (consumer, message) => {
    // Prepare // Act // Assess
    expect(() => checkConsumerTiming({ ...DEFAULT_SETTINGS.consumer, ...consumer })).toThrow(message);
  });

  it('accepts a margin of exactly a quarter of the timeout', () => {
    // Prepare // Act // Assess
    expect(() =>
      checkConsumerTiming({ ...DEFAULT_SETTINGS.consumer, timeoutSeconds: 40, safetyMarginMs: 10_000 }),
    ).not.toThrow();
  });

  it.each([
    [{ accountPolicy: { enabled: false } }, 'nothing would reach the stream'],
    [{ consumer: { maxRecordAgeHours: 48 } }, 'exceeds stream.retentionHours (24)'],
    [{ dailyBatch: { enabled: true } }, 'dailyBatch.vpcId and dailyBatch.subnetIds are required'],
    [
      { dailyBatch: { enabled: true, vpcId: 'vpc-1', subnetIds: ['subnet-1'] }, archive: { enabled: false } },
      'dailyBatch.arguments must name what to backfill',
    ],
    [{ warehouse: { enabled: true } }, 'warehouse.bigQuery.project is required'],
    [
      { openSearch: { mode: 'existing', endpoint: 'http://plain' } },
      'openSearch.endpoint must be the https://',
    ],
    [
      { perGroup: { enabled: true, prefixes: [{ prefix: '/app/', type: 'Not A Type' }] } },
      'must be one lowercase word',
    ],
    [{ prefix: 'Cwl Pipe' }, 'prefix "Cwl Pipe"'],
    [{ openSearch: { dashboards: { import: 'sometimes' } } }, 'openSearch.dashboards.import is "sometimes"'],
    [
      { openSearch: { dashboards: { url: 'http://plain' } } },
      'openSearch.dashboards.url must be an https:// URL',
    ],
    [{ firehose: { destination: 'redshift' } }, 'firehose.destination is "redshift"'],
    [
      {
        firehose: { enabled: true, destination: 'opensearch' },
        openSearch: { mode: 'existing', endpoint: 'https://search-logs.eu-west-1.es.amazonaws.com' },
      },
      'needs openSearch.domainArn',
    ],
    [
      { firehose: { enabled: true, destination: 'opensearch', bufferMiB: 128 } },
      'must be at most 100 and 900 for the OpenSearch destination',
    ],
  ])('names what is wrong: %j', (input, message) => {
    // Prepare // Act // Assess
    expect(() => resolveSettings(input as never)).toThrow(message);
  });
});

describe('Daily batch: the range of a run', () => {
  it('is the UTC day before the scheduled time', () => {
    // Prepare // Act
    const range = backfillRange({ scheduledTime: '2026-11-28T01:15:00Z' });
    // Assess
    expect(range).toEqual({ from: '2026-11-27T00:00:00.000Z', to: '2026-11-28T00:00:00.000Z' });
  });

  it('is the day before now when no time is given', () => {
    // Prepare
    const now = Date.parse('2026-03-01T00:00:00.001Z');
    // Act // Assess
    expect(backfillRange({}, now)).toEqual({
      from: '2026-02-28T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
  });

  it('is any range given by hand, normalised', () => {
    // Prepare // Act
    const range = backfillRange({ from: '2026-11-01T00:00:00+01:00', to: '2026-11-03T12:00:00Z' });
    // Assess
    expect(range).toEqual({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-03T12:00:00.000Z' });
    expect(snapshotName('cwl', range)).toBe('cwl-2026.10.31-230000');
  });

  it.each([
    [{ from: '2026-11-01T00:00:00Z' }, 'needs both "from" and "to"'],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'must be before "to"'],
    [{ scheduledTime: 'yesterday' }, 'scheduledTime "yesterday" is not an ISO-8601 time'],
  ])('refuses %j', (input, message) => {
    // Prepare // Act // Assess
    expect(() => backfillRange(input)).toThrow(message);
  });
});

describe('CDK app: an existing OpenSearch domain', () => {
  it('creates no domain and points every function at the endpoint, with es:ESHttp* on that domain only', () => {
    // Prepare: no bundling, this synth is about the template.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const domainArn = 'arn:aws:es:eu-west-1:123456789012:domain/logs';
    const settings = resolveSettings({
      openSearch: { mode: 'existing', endpoint: 'https://search-logs.eu-west-1.es.amazonaws.com', domainArn },
    });
    // Act
    const template = Template.fromStack(new CwlpipeStack(app, 'Cwlpipe', { settings, deployStamp: 'test' }));
    // Assess
    template.resourceCountIs('AWS::OpenSearchService::Domain', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cwlpipe-consumer',
      Environment: {
        Variables: Match.objectLike({ OPENSEARCH_URL: 'https://search-logs.eu-west-1.es.amazonaws.com' }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['es:ESHttpPost']),
            Resource: [domainArn, `${domainArn}/*`],
          }),
        ]),
      },
    });
  });
});

describe('cdk-nag acknowledgements', () => {
  it('name wildcard findings exactly as cdk-nag does', () => {
    // Prepare
    const document = {
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:Abort*'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket1', 'Arn'] }, '/*']] },
        },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ],
    };
    // Act // Assess
    expect(wildcardFindings(document)).toEqual(['Action::s3:Abort*', 'Resource::<Bucket1.Arn>/*']);
    expect(flattenReference({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'logs']] })).toBe(
      'arn:<AWS::Partition>:logs',
    );
  });

  it('still fail the synth on a wildcard nobody acknowledged', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'cwlpipe-nag-'));
    // No bundling: this synth is about the checks, and the functions were bundled by global-setup.
    const app = new App({
      outdir,
      context: {
        'aws:cdk:bundling-stacks': [],
        '@aws-cdk/customresources:installLatestAwsSdkDefault': false,
      },
    });
    const stack = new CwlpipeStack(app, 'Cwlpipe', { settings: resolveSettings(), deployStamp: 'test' });
    stack.consumer.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act
    const synth = () => app.synth();
    // Assess
    expect(synth).toThrow("Acknowledge with 'AwsSolutions::AwsSolutions-IAM5[Action::s3:*]'");
    const report = readFileSync(join(outdir, 'validation-report.json'), 'utf8');
    expect(report).toContain('AwsSolutions-IAM5[Action::s3:*]');
    expect(report).toContain('AwsSolutions-IAM5[Resource::*]');
    expect(report).not.toContain('AwsSolutions-IAM4');
  });
});
