import { DEFAULT_VPC_FORMAT, parseVpcFormat } from '../../../../src/transformers/vpcflow/format';

describe('Transformer: vpcflow, format strings', () => {
  it('turns AWS names into document names', () => {
    // Act
    const parsed = parseVpcFormat('${version} ${vpc-id} ${pkt-src-aws-service}');

    // Assess
    expect(parsed).toEqual({ ok: true, format: { fields: ['version', 'vpc_id', 'pkt_src_aws_service'] } });
  });

  it('has the 14 version-2 fields as its default', () => {
    // Assess
    expect(DEFAULT_VPC_FORMAT.fields).toEqual([
      'version',
      'account_id',
      'interface_id',
      'srcaddr',
      'dstaddr',
      'srcport',
      'dstport',
      'protocol',
      'packets',
      'bytes',
      'start',
      'end',
      'action',
      'log_status',
    ]);
  });

  it.each([
    ['an empty string', '   ', 'is empty'],
    ['a bare word', '${version} srcaddr', '"srcaddr"'],
    ['a field listed twice', '${srcaddr} ${srcaddr}', 'twice'],
  ])('refuses %s', (_case, formatString, fragment) => {
    // Act
    const parsed = parseVpcFormat(formatString);

    // Assess
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(fragment);
  });
});
