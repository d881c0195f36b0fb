import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, runCwlpipe } from '../../helpers/cli';
import { envelope } from '../../helpers/records';

const lines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('CLI: cwlpipe transform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-cli-'));

  it('prints one document per line for every input form, and a summary on stderr', async () => {
    // Prepare
    const gz = join(dir, 'two.json.gz');
    writeFileSync(gz, gzipSync(JSON.stringify(envelope('/ecs/app', ['one', 'two']))));

    // Act
    const run = await runCwlpipe([
      'transform',
      gz,
      'fixtures/decode/firehose-event.json',
      'fixtures/decode/corrupt-records.json',
      'fixtures/text/plain-lines.json',
    ]);

    // Assess
    expect(run.status).toBe(0);
    const docs = lines(run.stdout);
    expect(docs.map((doc) => doc['@message'])).toEqual([
      'one',
      'two',
      'order 1000 accepted',
      'order 1000 accepted',
      'order 1000 accepted',
      'starting billing worker v2.3.1',
      'WARN disk almost full on /var (92%)',
    ]);
    expect(run.stderr).toContain('documents out: 7');
    expect(run.stderr).toContain('set aside: 8 (');
    expect(run.stderr).toMatch(
      /set aside \(gzip_invalid\): fixtures\/decode\/corrupt-records\.json#2 \(sequence 4960\d+\)/,
    );
  });

  it('sets a record without data aside with the reason, not as corrupt gzip', async () => {
    // Prepare
    const file = join(dir, 'no-data.json');
    writeFileSync(
      file,
      JSON.stringify({ Records: [{ kinesis: { sequenceNumber: '1' } }, { kinesis: { data: null } }] }),
    );

    // Act
    const run = await runCwlpipe(['transform', file]);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      `set aside (data_missing): ${file}#0 (sequence 1): the record has no data (data is missing)`,
    );
    expect(run.stderr).toContain(
      `set aside (data_missing): ${file}#1: the record has no data (data is null)`,
    );
  });

  it('uses --vpc-format for log groups without a configured format', async () => {
    // Prepare
    const file = join(dir, 'custom-vpc.json');
    const line = '5 vpc-0a1b2c3d 10.0.1.5 10.0.2.9 443 50514 6 12 3400 1714564800 1714564860 ACCEPT OK';
    writeFileSync(
      file,
      JSON.stringify(envelope('/vpc/custom', [line], { subscriptionFilters: ['flows-vpcflow'] })),
    );
    const format =
      '${version} ${vpc-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

    // Act
    const run = await runCwlpipe(['transform', '--vpc-format', format, file]);

    // Assess
    expect(run.status).toBe(0);
    const [doc] = lines(run.stdout);
    expect(doc?.['@type']).toBe('vpcflow');
    expect(doc?.vpc).toMatchObject({ vpc_id: 'vpc-0a1b2c3d' });
  });

  it('prints the documents of good files when a later file is bad, reports the bad one and exits 2', async () => {
    // Act
    const run = await runCwlpipe(['transform', 'fixtures/text/plain-lines.json', 'no/such/file.json']);

    // Assess
    expect(run.status).toBe(2);
    expect(lines(run.stdout).map((doc) => doc['@message'])).toEqual([
      'starting billing worker v2.3.1',
      'WARN disk almost full on /var (92%)',
    ]);
    expect(run.stderr).toContain('cwlpipe: no/such/file.json could not be read: it does not exist.');
    expect(run.stderr).toContain('1 of 2 files could not be read: no/such/file.json.');
  });

  it('ends quietly when its reader stops early (| head -1)', async () => {
    // Prepare: enough documents that the pipe closes while it still writes
    const file = join(dir, 'many.json');
    writeFileSync(
      file,
      JSON.stringify(
        envelope(
          '/ecs/app',
          Array.from({ length: 20_000 }, (_, i) => `line ${i}`),
        ),
      ),
    );

    // Act
    const run = spawnSync('sh', ['-c', `node bin/cwlpipe.js transform ${file} | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });

    // Assess
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toHaveLength(1);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an unknown option with one line and exit 2, as docs/getting-started.md says', async () => {
    // Act
    const run = await runCwlpipe(['transform', '--no-such-option', 'x.json']);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(["error: unknown option '--no-such-option'"]);
  });

  it.each([
    [['transform', 'no/such/file.json'], 'no/such/file.json could not be read: it does not exist'],
    [['transform', 'package.json'], 'package.json is not a Lambda Kinesis event'],
    [
      ['transform', '--vpc-format', '${version} srcaddr', 'x.json'],
      'has "srcaddr" where a field like ${srcaddr} was expected',
    ],
    [
      ['transform', '--ingested-at', 'yesterday', 'x.json'],
      '--ingested-at "yesterday" is not an ISO-8601 time',
    ],
    [['transform', '--config', 'package.json', 'x.json'], 'The config file package.json is invalid'],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    // Act
    const run = await runCwlpipe(args);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('CLI: cwlpipe transform of bare messages', () => {
  it('reads a file of bare lines as the named group and type, and says how when they are not named', async () => {
    // Prepare
    const file = 'fixtures/firehose/message-extraction-vpcflow.txt';
    // Act
    const named = await runCwlpipe([
      'transform',
      file,
      '--bare-log-group',
      '/vpc/flow-logs',
      '--bare-type',
      'vpcflow',
    ]);
    const unnamed = await runCwlpipe(['transform', file]);
    // Assess
    expect(named.status).toBe(0);
    expect(lines(named.stdout).map((doc) => (doc.vpc as { dstport: number }).dstport)).toEqual([
      443, 22, 443,
    ]);
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toContain('name their log group and type with --bare-log-group and --bare-type');
  });
});
