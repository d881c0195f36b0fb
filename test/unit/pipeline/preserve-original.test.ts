import { ConfigError } from '../../../src/core';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { envelope } from '../../helpers/records';

const FLOW =
  '2 123456789012 eni-0a1b2c3d4e5f67890 10.0.1.5 10.0.2.9 49152 443 6 12 5400 1714564800 1714564860 ACCEPT OK';
const CLOUDTRAIL = JSON.stringify({
  eventVersion: '1.09',
  eventTime: '2024-05-01T12:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  requestParameters: { bucketName: 'logs', key: 'a.gz' },
});
const CONFIG = {
  logGroups: [
    { pattern: '/vpc/audit', type: 'vpcflow', preserveOriginal: true },
    { pattern: '/vpc/*', type: 'vpcflow' },
    { pattern: 'trail-audit', type: 'cloudtrail', preserveOriginal: true },
    { pattern: 'trail-*', type: 'cloudtrail', preserveOriginal: false },
  ],
};

const messagesOf = (pipeline: Pipeline, logGroup: string, lines: string[]): Array<string | undefined> =>
  pipeline
    .processEnvelope(envelope(logGroup, lines), { recordIndex: 0 })
    .docs.map((doc) => doc.body['@message']);

describe('Config: preserveOriginal', () => {
  it('is off unless a log-group rule turns it on', () => {
    // Act
    const config = buildConfig(CONFIG);

    // Assess
    expect(config.logGroups.map((rule) => rule.preserveOriginal === true)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it.each([
    ['a string', 'yes'],
    ['a number', 1],
    ['null', null],
  ])('refuses %s, naming the option and the log group', (_case, value) => {
    // Prepare
    const input = {
      logGroups: [{ pattern: '/aws/vpc/flowlogs/*', type: 'vpcflow', preserveOriginal: value }],
    };

    // Act
    const attempt = (): unknown => buildConfig(input, 'config file cwlpipe.config.json');

    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /config file cwlpipe\.config\.json is invalid: logGroups\.0\.preserveOriginal \("\/aws\/vpc\/flowlogs\/\*"\): .*boolean/,
    );
  });
});

describe('Pipeline: preserveOriginal', () => {
  const pipeline = new Pipeline(buildConfig(CONFIG), () => new Date(0));

  it('keeps @message of VPC and CloudTrail records only in the log groups that ask for it', () => {
    // Act
    const vpcKept = messagesOf(pipeline, '/vpc/audit', [FLOW]);
    const vpcLean = messagesOf(pipeline, '/vpc/prod', [FLOW]);
    const trailKept = messagesOf(pipeline, 'trail-audit', [CLOUDTRAIL]);
    const trailLean = messagesOf(pipeline, 'trail-main', [CLOUDTRAIL]);

    // Assess
    expect(vpcKept).toEqual([FLOW]);
    expect(vpcLean).toEqual([undefined]);
    expect(trailKept).toEqual([CLOUDTRAIL]);
    expect(trailLean).toEqual([undefined]);
  });

  it('sets aside a line that does not read with the raw event, so nothing of it is lost', () => {
    // Prepare
    const bad = FLOW.replace(' 5400 ', ' 5.4k ');
    const source = envelope('/vpc/prod', [FLOW, bad]);

    // Act
    const outcome = pipeline.processEnvelope(source, { recordIndex: 0 });

    // Assess
    expect(outcome.docs).toHaveLength(1);
    expect(outcome.setAside).toEqual([
      expect.objectContaining({ code: 'vpc_not_a_number', raw: source.logEvents[1] }),
    ]);
  });

  it('keeps @message of text and JSON lines whatever the log group says', () => {
    // Act
    const lines = messagesOf(new Pipeline(buildConfig(), () => new Date(0)), '/ecs/api', [
      'disk almost full',
      '{"level":"info","msg":"ok"}',
    ]);

    // Assess
    expect(lines).toEqual(['disk almost full', '{"level":"info","msg":"ok"}']);
  });

  it('still filters a record without @message by the text of its raw line', () => {
    // Prepare
    const filtering = new Pipeline(
      buildConfig({ ...CONFIG, filters: [{ name: 'no-ssh', logGroup: '/vpc/*', message: ' 22 6 ' }] }),
      () => new Date(0),
    );
    const ssh = FLOW.replace(' 443 6 ', ' 22 6 ');

    // Act
    const outcome = filtering.processEnvelope(envelope('/vpc/prod', [FLOW, ssh]), { recordIndex: 0 });

    // Assess
    expect(outcome.docs.map((doc) => doc.event.message)).toEqual([FLOW]);
    expect(outcome.skipped).toEqual({ 'filtered:no-ssh': 1 });
  });
});
