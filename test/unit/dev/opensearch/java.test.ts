import { LocalOpenSearchError } from '../../../../src/dev/opensearch/errors';
import { findJava, javaMajor } from '../../../../src/dev/opensearch/java';

describe('Local OpenSearch: Java', () => {
  it.each([
    ['17', 17],
    ['21', 21],
    ['1.8', 8],
    ['11.0.2', 11],
  ])('reads the major version of %s', (specification, expected) => {
    // Act
    const major = javaMajor(specification);

    // Assess
    expect(major).toBe(expected);
  });

  it('says Java is missing when neither JAVA_HOME nor PATH has one', () => {
    // Act
    const find = () => findJava({ PATH: '/nonexistent-dir' });

    // Assess
    expect(find).toThrow(LocalOpenSearchError);
    expect(find).toThrow(/Java was not found.*JDK 11\+ \(17 recommended\)/);
  });

  it('names a JAVA_HOME without bin/java', () => {
    // Act
    const find = () => findJava({ JAVA_HOME: '/nonexistent-jdk', PATH: '' });

    // Assess
    expect(find).toThrow('JAVA_HOME=/nonexistent-jdk has no bin/java');
  });
});
