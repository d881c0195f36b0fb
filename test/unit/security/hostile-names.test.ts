import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BulkEncoder } from '../../../src/connectors/opensearch/bulk-request';
import {
  deadLetterIndexFor,
  indexNameFor,
  indexPatternFor,
  isLegalIndexName,
  MAX_INDEX_NAME_BYTES,
  sanitizeIndexName,
} from '../../../src/connectors/opensearch/index-name';
import { inputRecordOf } from '../../../src/consumers/kinesis';
import { buildConfig } from '../../../src/pipeline/config';
import { Router } from '../../../src/pipeline/route';
import { Pipeline } from '../../../src/pipeline/run';
import { TRANSFORMERS } from '../../../src/transformers';
import { HOSTILE_NAMES } from '../../helpers/hostile-names';
import { envelope, kinesisEvent } from '../../helpers/records';

// The same checks against the real OpenSearch and Elasticsearch: test/integration/security/hostile-names.test.ts.

const DAY = '2024-05-01T12:00:00.000Z';
// No separator, wildcard, path, cross-cluster or shell character can survive into a name.
const UNSAFE = /[\\/*?"<>|,#:\s$`;&'()\p{Cc}\p{Cf}]/u;

describe('Security: hostile names never make an index name', () => {
  it.each(HOSTILE_NAMES.map((name) => [JSON.stringify(name).slice(0, 40), name]))(
    'sanitises %s as a type, a prefix and a part into a legal name',
    (_, name) => {
      // Act
      const names = [
        sanitizeIndexName(name),
        indexNameFor(name, DAY),
        indexNameFor('json', DAY, { prefix: name }),
        deadLetterIndexFor(DAY, { prefix: name }),
        indexPatternFor(name, name).replace(/-\*$/, ''),
      ];

      // Assess
      for (const index of names) {
        expect(isLegalIndexName(index)).toBe(true);
        expect(index).not.toMatch(UNSAFE);
        expect(['.', '..']).not.toContain(index);
        expect(Buffer.byteLength(index, 'utf8')).toBeLessThanOrEqual(MAX_INDEX_NAME_BYTES);
      }
      expect(indexNameFor(name, DAY)).toMatch(/^cwl-.+-2024\.05\.01$/);
      expect(deadLetterIndexFor(DAY, { prefix: name })).toMatch(/-deadletter-2024\.05\.01$/);
    },
  );

  it('builds each document index from the registered type and the day only, whatever the log group, stream, filter and fields', () => {
    // Prepare
    const pipeline = new Pipeline(buildConfig());
    const encoder = new BulkEncoder('cwl');
    const records = kinesisEvent(
      HOSTILE_NAMES.map((name) =>
        envelope(name, [JSON.stringify({ [name]: name }), name, `START RequestId: ${name}`], {
          logStream: name,
          subscriptionFilters: [name, `cwlpipe-lambda,${name}`],
        }),
      ),
    ).Records.map(inputRecordOf);

    // Act
    const indices = new Set(
      records.flatMap((record) => pipeline.process(record).docs.map((doc) => encoder.encode(doc).index)),
    );

    // Assess
    const types = TRANSFORMERS.map((transformer) => transformer.id).join('|');
    expect(indices.size).toBeGreaterThan(0);
    for (const index of indices) expect(index).toMatch(new RegExp(`^cwl-(${types})-2024\\.05\\.01$`));
  });

  it('routes a hostile filter name to a registered type or to sniffing, never to a type of its own', () => {
    // Prepare
    const router = new Router(buildConfig());

    // Act
    const routed = HOSTILE_NAMES.map((name) => {
      const source = envelope(name, [name], { subscriptionFilters: [name, `${name}-cloudtrail`] });
      return router.routeOf(source);
    });

    // Assess
    const explicit = routed.flatMap((route) => (route.explicit === undefined ? [] : [route.explicit]));
    expect(explicit.length).toBeGreaterThan(HOSTILE_NAMES.length / 2);
    for (const transformer of explicit) expect(TRANSFORMERS).toContain(transformer);
  });
});

describe('Security: no shell between content and a process', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => join(entry.parentPath, entry.name));

  it('starts processes only with spawn/spawnSync and an argument list, never through a shell', () => {
    // Prepare
    const files = [...sources('src'), ...sources('infra')];

    // Act
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('node:child_process')) return [];
      const problems: string[] = [];
      const imported = /import\s*\{([^}]*)\}\s*from\s*'node:child_process'/.exec(text)?.[1] ?? '';
      for (const name of imported.split(',').map((part) => part.replace(/^type\s+/, '').trim()))
        if (name !== '' && !['spawn', 'spawnSync', 'ChildProcess', 'type ChildProcess'].includes(name))
          problems.push(`${file} imports ${name}`);
      if (/shell\s*:\s*true/.test(text)) problems.push(`${file} passes shell: true`);
      return problems;
    });

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});
