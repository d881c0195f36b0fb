import { cloudIdToUrl } from '../../../../src/connectors/elasticsearch/config';
import { ConfigError } from '../../../../src/core';

const cloudId = (name: string, decoded: string): string =>
  `${name}:${Buffer.from(decoded).toString('base64')}`;

describe('Elastic Cloud ids', () => {
  it.each([
    [
      'a deployment on the default port',
      cloudId('logs', 'eu-west-1.aws.found.io$abc123$def456'),
      'https://abc123.eu-west-1.aws.found.io',
    ],
    [
      'a deployment on port 443, written out',
      cloudId('logs', 'us-east-1.aws.found.io:443$abc$def'),
      'https://abc.us-east-1.aws.found.io',
    ],
    [
      'a deployment on another port',
      cloudId('x', 'gcp.cloud.es.io:9243$e1$k1'),
      'https://e1.gcp.cloud.es.io:9243',
    ],
    [
      'an id without its name',
      Buffer.from('eu-west-1.aws.found.io$abc123$def').toString('base64'),
      'https://abc123.eu-west-1.aws.found.io',
    ],
  ])('reads %s', (_case, id, expected) => {
    // Act
    const url = cloudIdToUrl(id);

    // Assess
    expect(url).toBe(expected);
  });

  it.each([
    ['not base64 of an id', 'logs:bm90IGFuIGlk'],
    ['a host with a path in it', cloudId('logs', 'evil.example/x$abc$def')],
    ['an empty id', ''],
  ])('refuses %s, saying where to copy a real one', (_case, id) => {
    // Act
    const read = () => cloudIdToUrl(id);

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/ELASTICSEARCH_CLOUD_ID is not an Elastic Cloud id/);
  });
});
