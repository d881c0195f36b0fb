import { vpcflowTransformer } from '../../../../src/transformers/vpcflow';
import { fitsVpcFormat } from '../../../../src/transformers/vpcflow/sniff';
import { contextWith, flowEvent, formatOf, SOURCE } from './helpers';

const matches = (message: string): boolean => vpcflowTransformer.matches(flowEvent(message), SOURCE);

describe('Transformer: vpcflow, sniffing the default format', () => {
  it.each([
    [
      'an accepted flow',
      '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK',
    ],
    [
      'a rejected flow',
      '2 418295730164 eni-0f3c9a1d2b4e5f607 185.220.101.46 10.20.1.37 53318 22 6 1 44 1714564800 1714564859 REJECT OK',
    ],
    ['a NODATA record', '2 418295730164 eni-07a2b4c6d8e0f1a23 - - - - - - - 1714564800 1714564860 - NODATA'],
    [
      'a SKIPDATA record',
      '2 418295730164 eni-07a2b4c6d8e0f1a23 - - - - - - - 1714564800 1714564860 - SKIPDATA',
    ],
    [
      'an IPv6 flow',
      '2 418295730164 eni-0b5d7f9a1c3e5b7d9 2600:1f18:4a3:6a00::1 2606:4700:4700::1111 51544 443 6 18 6204 1714564800 1714564859 ACCEPT OK',
    ],
    [
      'an interface AWS owns',
      '2 unknown eni-0c8e1a3b5d7f9c2e4 10.20.1.37 10.20.9.40 49761 443 6 14 9480 1714564800 1714564859 ACCEPT OK',
    ],
  ])('claims %s', (_case, message) => {
    // Act
    const claimed = matches(message);

    // Assess
    expect(claimed).toBe(true);
  });

  it.each([
    ['plain text', 'disk almost full on /var (92%)'],
    ['a Lambda REPORT line', 'REPORT RequestId: 8f5c7e1a-2b3d-4e5f-9a8b-7c6d5e4f3a2b\tDuration: 12.34 ms'],
    ['a JSON message', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com"}'],
    [
      '13 fields',
      '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT',
    ],
    [
      '15 fields',
      '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK x',
    ],
    [
      'a word for the version',
      'v2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK',
    ],
    [
      'a three-digit version',
      '200 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK',
    ],
    [
      'an unknown action',
      '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ALLOW OK',
    ],
    [
      'an unknown log status',
      '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT FINE',
    ],
    [
      'two spaces between fields',
      '2 418295730164  eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK',
    ],
    [
      'a trailing space',
      '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 49761 5432 6 24 4368 1714564800 1714564859 ACCEPT OK ',
    ],
    [
      'a header line',
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    ],
    ['an empty message', ''],
  ])('does not claim %s', (_case, message) => {
    // Act
    const claimed = matches(message);

    // Assess
    expect(claimed).toBe(false);
  });

  it('claims a line of the default shape with a bad value, for the transform to set aside with a reason', () => {
    // Prepare
    const message =
      '2 418295730164 eni-0f3c9a1d2b4e5f607 10.20.1.37 10.20.8.114 http 5432 6 24 4368 1714564800 1714564859 ACCEPT OK';

    // Act
    const claimed = matches(message);
    const result = vpcflowTransformer.transform(flowEvent(message), SOURCE, contextWith());

    // Assess
    expect(claimed).toBe(true);
    expect(result.kind === 'invalid' && result.error.code).toBe('vpc_not_a_number');
  });

  it('does not claim a huge message, however it ends', () => {
    // Act
    const claimed = matches(`2 ${'x'.repeat(10_000)} 1 2 3 4 5 6 7 8 9 10 ACCEPT OK`);

    // Assess
    expect(claimed).toBe(false);
  });

  it('sniffs a custom format when given one', () => {
    // Prepare
    const format = formatOf('${interface-id} ${srcport} ${action} ${log-status}');

    // Act
    const fits = fitsVpcFormat('eni-0f3c9a1d2b4e5f607 443 REJECT OK', format);
    const misfits = fitsVpcFormat('eni-0f3c9a1d2b4e5f607 443 DROP OK', format);

    // Assess
    expect(fits).toBe(true);
    expect(misfits).toBe(false);
  });
});
