import type { TransformResult } from '../../../../src/core';
import { vpcflowTransformer } from '../../../../src/transformers/vpcflow';
import { contextWith, flowEvent, formatOf, SOURCE } from './helpers';

const ACCEPTED_TCP =
  '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK';

const transform = (message: string, format?: string): TransformResult =>
  vpcflowTransformer.transform(
    flowEvent(message),
    SOURCE,
    contextWith(format ? formatOf(format) : undefined),
  );

const vpcOf = (result: TransformResult): Record<string, unknown> => {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.docs[0]?.vpc as Record<string, unknown>;
};

const errorOf = (result: TransformResult): { code: string; message: string } => {
  if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result)}`);
  return result.error;
};

describe('Transformer: vpcflow', () => {
  it('reads the 14 default fields with their types', () => {
    // Act
    const result = transform(ACCEPTED_TCP);

    // Assess
    expect(vpcOf(result)).toEqual({
      version: 2,
      account_id: '418295730164',
      interface_id: 'eni-0f3c9a1d2b4e5f607',
      srcaddr: '10.20.1.37',
      dstaddr: '10.20.8.114',
      srcport: 49761,
      dstport: 5432,
      protocol: 6,
      protocol_name: 'TCP',
      packets: 24,
      bytes: 4368,
      start: 1714564800,
      end: 1714564859,
      action: 'ACCEPT',
      log_status: 'OK',
    });
  });

  it('writes one document with the common fields and @type vpcflow', () => {
    // Act
    const result = transform(ACCEPTED_TCP);

    // Assess
    expect(result.kind).toBe('ok');
    const docs = result.kind === 'ok' ? result.docs : [];
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      '@type': 'vpcflow',
      '@id': '38261983420958174938175634289123487650923817465091283746',
      '@ingested': '2026-01-01T00:00:00.000Z',
      aws: {
        log_group: '/aws/vpc/flowlogs/prod-use1',
        log_stream: 'eni-0f3c9a1d2b4e5f607-all',
        owner: '418295730164',
      },
    });
  });

  it('leaves @message out by default: every value of the line is a field', () => {
    // Act
    const result = transform(ACCEPTED_TCP);

    // Assess
    expect(result.kind === 'ok' && result.docs[0]).not.toHaveProperty('@message');
  });

  it('keeps @message when the log group sets preserveOriginal', () => {
    // Prepare
    const context = { ...contextWith(), preserveOriginal: true };

    // Act
    const result = vpcflowTransformer.transform(flowEvent(ACCEPTED_TCP), SOURCE, context);

    // Assess
    expect(result.kind === 'ok' && result.docs[0]?.['@message']).toBe(ACCEPTED_TCP);
  });

  it('leaves @message out of a custom-format record too, and keeps every value of it', () => {
    // Prepare
    const format = '${version} ${srcaddr} ${dstaddr} ${bytes} ${ecs-cluster-name}';
    const line = '5 10.0.1.5 10.0.2.9 840 orders';

    // Act
    const result = transform(line, format);

    // Assess
    expect(result.kind === 'ok' && result.docs[0]).not.toHaveProperty('@message');
    expect(Object.values(vpcOf(result)).map(String).join(' ')).toBe(line);
  });

  it.each([
    ['a custom-format line read with the default format', '5 10.0.1.5 10.0.2.9 840 orders'],
    ['a field that is not a number', ACCEPTED_TCP.replace(' 4368 ', ' 4k ')],
    ['an address that is not one', ACCEPTED_TCP.replace('10.20.1.37', 'eni-host')],
  ])('sets aside %s with its raw line, never a document without it', (_case, line) => {
    // Act
    const result = transform(line);

    // Assess
    expect(result.kind).toBe('invalid');
  });

  it('takes @timestamp from start, not from the CloudWatch Logs event', () => {
    // Act
    const result = transform(ACCEPTED_TCP);

    // Assess
    expect(result.kind === 'ok' && result.docs[0]?.['@timestamp']).toBe('2024-05-01T12:00:00.000Z');
  });

  it('falls back to the event timestamp when the format has no start', () => {
    // Prepare
    const format = formatOf('${srcaddr} ${dstaddr} ${action}');
    const event = flowEvent('10.20.1.37 10.20.8.114 ACCEPT', Date.UTC(2024, 4, 1, 12, 5, 7));

    // Act
    const result = vpcflowTransformer.transform(event, SOURCE, contextWith(format));

    // Assess
    expect(result.kind === 'ok' && result.docs[0]?.['@timestamp']).toBe('2024-05-01T12:05:07.000Z');
  });

  it('falls back to the event timestamp when start is "-"', () => {
    // Prepare
    const format = formatOf('${start} ${srcaddr}');
    const event = flowEvent('- 10.20.1.37', Date.UTC(2024, 4, 1, 12, 5, 9));

    // Act
    const result = vpcflowTransformer.transform(event, SOURCE, contextWith(format));

    // Assess
    expect(result.kind === 'ok' && result.docs[0]?.['@timestamp']).toBe('2024-05-01T12:05:09.000Z');
  });

  it('treats "-" as absent', () => {
    // Act
    const vpc = vpcOf(
      transform('2 418295730164 eni-07a2b4c6d8e0f1a23 - - - - - - - 1714564800 1714564860 - NODATA'),
    );

    // Assess
    expect(Object.keys(vpc).sort()).toEqual([
      'account_id',
      'end',
      'interface_id',
      'log_status',
      'start',
      'version',
    ]);
  });

  it.each([['NODATA'], ['SKIPDATA']])('keeps a %s record with its log_status', (status) => {
    // Act
    const vpc = vpcOf(
      transform(`2 418295730164 eni-07a2b4c6d8e0f1a23 - - - - - - - 1714564800 1714564860 - ${status}`),
    );

    // Assess
    expect(vpc.log_status).toBe(status);
    expect(vpc.action).toBeUndefined();
  });

  it('keeps IPv6 addresses as they are written', () => {
    // Act
    const vpc = vpcOf(
      transform(
        '2 418295730164 eni-0b5d7f9a1c3e5b7d9 2600:1f18:4a3:6a00:8c1e:2f4b:9d07:53a1 2606:4700:4700::1111 51544 443 6 18 6204 1714564800 1714564859 ACCEPT OK',
      ),
    );

    // Assess
    expect(vpc.srcaddr).toBe('2600:1f18:4a3:6a00:8c1e:2f4b:9d07:53a1');
    expect(vpc.dstaddr).toBe('2606:4700:4700::1111');
  });

  it.each([
    [1, 'ICMP'],
    [6, 'TCP'],
    [17, 'UDP'],
    [47, 'GRE'],
    [50, 'ESP'],
    [51, 'AH'],
    [58, 'ICMPv6'],
    [132, 'SCTP'],
  ])('names protocol %i as %s', (protocol, name) => {
    // Act
    const vpc = vpcOf(
      transform(
        `2 418295730164 eni-0f3c9a1d2b4e5f607 10.0.0.1 10.0.0.2 0 0 ${protocol} 1 40 1714564800 1714564859 ACCEPT OK`,
      ),
    );

    // Assess
    expect(vpc.protocol).toBe(protocol);
    expect(vpc.protocol_name).toBe(name);
  });

  it('leaves protocol_name out for a protocol number outside the table', () => {
    // Act
    const vpc = vpcOf(
      transform(
        '2 418295730164 eni-0f3c9a1d2b4e5f607 10.0.0.1 10.0.0.2 0 0 253 1 40 1714564800 1714564859 ACCEPT OK',
      ),
    );

    // Assess
    expect(vpc.protocol).toBe(253);
    expect('protocol_name' in vpc).toBe(false);
  });

  it('reads a custom format in its own order', () => {
    // Prepare
    const format =
      '${flow-direction} ${dstport} ${srcaddr} ${pkt-dst-aws-service} ${traffic-path} ${version}';

    // Act
    const vpc = vpcOf(transform('egress 443 10.30.2.55 S3 7 5', format));

    // Assess
    expect(vpc).toEqual({
      flow_direction: 'egress',
      dstport: 443,
      srcaddr: '10.30.2.55',
      pkt_dst_aws_service: 'S3',
      traffic_path: 7,
      version: 5,
    });
    expect(Object.keys(vpc)).toEqual([
      'flow_direction',
      'dstport',
      'srcaddr',
      'pkt_dst_aws_service',
      'traffic_path',
      'version',
    ]);
  });

  it('reads the ECS fields, reject-reason, resource-id and encryption-status', () => {
    // Prepare
    const format =
      '${ecs-cluster-arn} ${ecs-task-id} ${ecs-container-id} ${reject-reason} ${resource-id} ${encryption-status}';

    // Act
    const vpc = vpcOf(
      transform(
        'arn:aws:ecs:us-east-1:418295730164:cluster/checkout-prod 5d3c2b1a0f9e4d7c8b6a5f4e3d2c1b0a 8f1e2d3c4b5a69788796a5b4c3d2e1f0 BPA nat-0a1b2c3d4e5f67890 3',
        format,
      ),
    );

    // Assess
    expect(vpc).toEqual({
      ecs_cluster_arn: 'arn:aws:ecs:us-east-1:418295730164:cluster/checkout-prod',
      ecs_task_id: '5d3c2b1a0f9e4d7c8b6a5f4e3d2c1b0a',
      ecs_container_id: '8f1e2d3c4b5a69788796a5b4c3d2e1f0',
      reject_reason: 'BPA',
      resource_id: 'nat-0a1b2c3d4e5f67890',
      encryption_status: 3,
    });
  });

  it('keeps a field newer than this code as a keyword', () => {
    // Act
    const vpc = vpcOf(
      transform('5 eni-0c8e1a3b5d7f9c2e4 42', '${version} ${next-hop-interface-id} ${future-counter}'),
    );

    // Assess
    expect(vpc).toEqual({ version: 5, next_hop_interface_id: 'eni-0c8e1a3b5d7f9c2e4', future_counter: '42' });
  });

  it('uses the v2 default format when the context has none', () => {
    // Act
    const result = vpcflowTransformer.transform(flowEvent(ACCEPTED_TCP), SOURCE, contextWith());

    // Assess
    expect(vpcOf(result).log_status).toBe('OK');
  });

  it('reads a line with runs of spaces, tabs and a trailing newline', () => {
    // Act
    const vpc = vpcOf(
      transform(
        ' 2  418295730164\teni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK\n',
      ),
    );

    // Assess
    expect(vpc.account_id).toBe('418295730164');
    expect(vpc.log_status).toBe('OK');
  });

  it('skips a header line as vpc_header_line', () => {
    // Act
    const result = transform(
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    );

    // Assess
    expect(result).toEqual({ kind: 'skip', reason: 'vpc_header_line' });
  });

  it('skips a header line written for another format', () => {
    // Act
    const result = transform('version vpc-id srcaddr dstaddr flow-direction traffic-path');

    // Assess
    expect(result).toEqual({ kind: 'skip', reason: 'vpc_header_line' });
  });

  it('skips the header of a custom format whose fields are all keywords', () => {
    // Act
    const result = transform('interface-id action log-status', '${interface-id} ${action} ${log-status}');

    // Assess
    expect(result).toEqual({ kind: 'skip', reason: 'vpc_header_line' });
  });

  it('skips an empty message as empty_message', () => {
    // Act
    const result = transform('  \n');

    // Assess
    expect(result).toEqual({ kind: 'skip', reason: 'empty_message' });
  });

  it('sets aside a line with too few fields, saying how many and where', () => {
    // Act
    const error = errorOf(
      transform(
        '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT',
      ),
    );

    // Assess
    expect(error.code).toBe('vpc_field_count');
    expect(error.message).toContain('has 13 fields where its format expects 14');
    expect(error.message).toContain('/aws/vpc/flowlogs/prod-use1');
    expect(error.message).toContain('version account-id interface-id');
  });

  it('sets aside a line with more fields than its format', () => {
    // Act
    const error = errorOf(transform(`${ACCEPTED_TCP} vpc-0a3f5c7e9b1d24680`));

    // Assess
    expect(error.code).toBe('vpc_field_count');
    expect(error.message).toContain('has 15 fields where its format expects 14');
  });

  it('sets aside a non-number in a number field, naming the field', () => {
    // Act
    const error = errorOf(
      transform(
        '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 http 5432 6 24 4368 1714564800 1714564859 ACCEPT OK',
      ),
    );

    // Assess
    expect(error.code).toBe('vpc_not_a_number');
    expect(error.message).toBe(
      'A VPC flow log line in log group /aws/vpc/flowlogs/prod-use1 has "http" as srcport (field 6), which is not a whole number.',
    );
  });

  it.each([['-5'], ['1e3'], ['0x1F'], ['4.5'], ['99999999999999999']])('refuses %s as a number', (value) => {
    // Act
    const error = errorOf(transform(`${value} 10.20.1.37`, '${bytes} ${srcaddr}'));

    // Assess
    expect(error.code).toBe('vpc_not_a_number');
    expect(error.message).toContain('as bytes (field 1)');
  });

  it('sets aside a non-address in an address field, naming the field', () => {
    // Act
    const error = errorOf(
      transform(
        '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.300 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK',
      ),
    );

    // Assess
    expect(error.code).toBe('vpc_not_an_ip');
    expect(error.message).toContain(
      '"10.20.8.300" as dstaddr (field 5), which is not an IPv4 or IPv6 address',
    );
  });

  it('cuts a long bad value in the message', () => {
    // Act
    const error = errorOf(transform(`${'9'.repeat(30)}x${'9'.repeat(30)}`, '${bytes}'));

    // Assess
    expect(error.message).toContain(`"${'9'.repeat(30)}x${'9'.repeat(9)}…"`);
  });

  it('declares every documented field with its mapping type', () => {
    // Prepare
    const typeOf = new Map(vpcflowTransformer.fields.map((field) => [field.name, field.type]));

    // Assess
    expect(typeOf.get('vpc.srcaddr')).toBe('ip');
    expect(typeOf.get('vpc.pkt_dstaddr')).toBe('ip');
    expect(typeOf.get('vpc.bytes')).toBe('long');
    expect(typeOf.get('vpc.start')).toBe('long');
    expect(typeOf.get('vpc.traffic_path')).toBe('long');
    expect(typeOf.get('vpc.log_status')).toBe('keyword');
    expect(typeOf.get('vpc.ecs_task_arn')).toBe('keyword');
    expect(typeOf.get('vpc.protocol_name')).toBe('keyword');
    expect(
      vpcflowTransformer.fields.filter((field) => field.type === 'ip').map((field) => field.name),
    ).toEqual(['vpc.srcaddr', 'vpc.dstaddr', 'vpc.pkt_srcaddr', 'vpc.pkt_dstaddr']);
  });

  it('declares each field once, under vpc., with a description', () => {
    // Prepare
    const names = vpcflowTransformer.fields.map((field) => field.name);

    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(43);
    for (const field of vpcflowTransformer.fields) {
      expect(field.name).toMatch(/^vpc\.[a-z0-9_]+$/);
      expect(field.description.length).toBeGreaterThan(10);
    }
  });
});
