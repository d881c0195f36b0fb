import { elasticsearchJava } from '../../../../src/local/elasticsearch/node';

describe('Local Elasticsearch: the Java each version needs', () => {
  it.each([
    ['7.17.29', 17],
    ['8.19.4', 17],
    ['9.1.0', 21],
    ['10.0.0', 21],
  ])('Elasticsearch %s runs on Java %i or later', (version, expected) => {
    // Act
    const minimum = elasticsearchJava(version);

    // Assess
    expect(minimum).toBe(expected);
  });
});
