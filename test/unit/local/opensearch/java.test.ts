import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalOpenSearchError } from '../../../../src/local/opensearch/errors';
import { findJava, javaMajor } from '../../../../src/local/opensearch/java';

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
    const find = () => findJava({ PATH: '/nonexistent-dir' }, undefined, []);

    // Assess
    expect(find).toThrow(LocalOpenSearchError);
    expect(find).toThrow(/Java was not found.*JDK 11\+ \(17 recommended\).*OPENSEARCH_URL/);
  });

  it('names a JAVA_HOME without bin/java', () => {
    // Act
    const find = () => findJava({ JAVA_HOME: '/nonexistent-jdk', PATH: '' });

    // Assess
    expect(find).toThrow('JAVA_HOME=/nonexistent-jdk has no bin/java');
  });

  describe('when the first Java is too old for the server', () => {
    const ELASTICSEARCH_9 = { minimum: 21, server: 'Elasticsearch 9.1.0', urlVariable: 'ELASTICSEARCH_URL' };

    /** A folder of stand-in JDKs whose `java` only answers the version probe, one per feature release. */
    const jdkRoot = (...majors: number[]): string => {
      const root = mkdtempSync(join(tmpdir(), 'cwlpipe-jdks-'));
      for (const major of majors) {
        const home = join(root, `jdk-${major}`);
        mkdirSync(join(home, 'bin'), { recursive: true });
        const java = join(home, 'bin', 'java');
        writeFileSync(
          java,
          `#!/bin/sh\necho "    java.home = ${home}" >&2\necho "    java.specification.version = ${major}" >&2\n`,
        );
        chmodSync(java, 0o755);
      }
      return root;
    };
    const javaOf = (major: number): Record<string, string> => {
      const root = jdkRoot(major);
      return { JAVA_HOME: join(root, `jdk-${major}`), PATH: '' };
    };

    it('takes the oldest installed JDK that is new enough, and says why', () => {
      // Prepare
      const root = jdkRoot(25, 21, 11);

      // Act
      const java = findJava(javaOf(17), ELASTICSEARCH_9, [root]);

      // Assess
      expect(java.major).toBe(21);
      expect(java.home).toBe(join(root, 'jdk-21'));
      expect(java.foundVia).toBe(`${root} (JAVA_HOME's Java is 17; Elasticsearch 9.1.0 needs 21+)`);
    });

    it('keeps the first Java when it is new enough, whatever else is installed', () => {
      // Prepare
      const env = javaOf(21);

      // Act
      const java = findJava(env, ELASTICSEARCH_9, [jdkRoot(25)]);

      // Assess
      expect(java.major).toBe(21);
      expect(java.foundVia).toBe('JAVA_HOME');
    });

    it('names the server, the version needed and the cluster variable when no JDK is new enough', () => {
      // Act
      const find = () => findJava(javaOf(17), ELASTICSEARCH_9, [jdkRoot(11, 17), '/nonexistent-root']);

      // Assess
      expect(find).toThrow(LocalOpenSearchError);
      expect(find).toThrow(
        /is version 17, and no newer JDK was found under .*Elasticsearch 9\.1\.0 needs Java 21 or later.*ELASTICSEARCH_URL/,
      );
    });
  });
});
