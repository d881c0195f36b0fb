import { isIPv4Address, isIpAddress, parseCount } from '../../../../src/transformers/vpcflow/line';

describe('Transformer: vpcflow, reading values', () => {
  it.each([
    ['0', 0],
    ['443', 443],
    ['1714564800', 1714564800],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('reads %s as %i', (text, value) => {
    // Act
    const parsed = parseCount(text);

    // Assess
    expect(parsed).toBe(value);
  });

  it.each([[''], ['-1'], ['+1'], ['1.5'], ['1e3'], ['0x10'], [' 1'], ['1 '], ['9007199254740992'], ['１２']])(
    'refuses %j as a count',
    (text) => {
      // Act
      const parsed = parseCount(text);

      // Assess
      expect(parsed).toBe(-1);
    },
  );

  it.each([['0.0.0.0'], ['10.20.1.37'], ['255.255.255.255'], ['172.31.16.139']])(
    'accepts IPv4 %s',
    (text) => {
      // Act
      const valid = isIPv4Address(text);

      // Assess
      expect(valid).toBe(true);
    },
  );

  it.each([
    ['10.20.1'],
    ['10.20.1.37.5'],
    ['10.20.1.256'],
    ['010.20.1.37'],
    ['10..1.37'],
    ['10.20.1.37 '],
    ['a.b.c.d'],
    ['1.2.3.'],
  ])('refuses IPv4 %j', (text) => {
    // Act
    const valid = isIPv4Address(text);

    // Assess
    expect(valid).toBe(false);
  });

  it.each([
    ['2600:1f18:4a3:6a00:8c1e:2f4b:9d07:53a1'],
    ['::1'],
    ['2606:4700:4700::1111'],
    ['::ffff:10.20.1.37'],
  ])('accepts IPv6 %s', (text) => {
    // Act
    const valid = isIpAddress(text);

    // Assess
    expect(valid).toBe(true);
  });

  it.each([['fe80::1%eth0'], ['2600:1f18::4a3::1'], ['eni-0f3c9a1d2b4e5f607'], ['unknown'], ['']])(
    'refuses %j as an address',
    (text) => {
      // Act
      const valid = isIpAddress(text);

      // Assess
      expect(valid).toBe(false);
    },
  );
});
