import { deadlineIn, type PipelineDoc } from '../../../src/core';
import { fixtureName, listFixtures } from '../../helpers/golden';
import {
  countDocs,
  deleteIndices,
  ENGINES,
  fixtureDocs,
  testConfig,
  testConnector,
  uniquePrefix,
} from './support';

const COMMON = new Set(['@timestamp', '@ingested', '@id', '@type', '@message', 'aws', '@conflicts']);

/** The scalar leaves of a document outside the common fields: the type-specific fields to search by. */
const typeSpecificLeaves = (doc: PipelineDoc): Array<[string, string | number | boolean]> => {
  const leaves: Array<[string, string | number | boolean]> = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      // Long strings are not worth a search (and a keyword may ignore them); empty ones match nothing.
      if (typeof value !== 'string' || (value.trim() !== '' && value.length <= 200))
        leaves.push([path, value]);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(doc.body)) if (!COMMON.has(key)) walk(value, key);
  return leaves;
};

// A moved object is stored whole as JSON under the path of the object, so only its value is matched.
const moved = (value: string | number | boolean) => ({ match_phrase: { '@conflicts.value': String(value) } });

describe.each(ENGINES)('Connector: $id (real cluster)', (engine) => {
  const fixtures = listFixtures().filter((fixture) => fixtureDocs(fixture).length > 0);

  it('has fixtures that make documents', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((path) => [fixtureName(path), path]))(
    'indexes every document of %s, findable by its type-specific fields',
    async (_name, fixture) => {
      // Prepare
      const prefix = uniquePrefix('fx');
      const { connector, client } = testConnector(testConfig(prefix, { engine }));
      const docs = fixtureDocs(fixture);
      const ids = new Set(docs.map((doc) => doc.body['@id']));

      try {
        // Act
        const report = await connector.deliver(docs, deadlineIn(60_000));

        // Assess
        expect(report.rejected).toEqual([]);
        expect(report.retryable).toEqual([]);
        expect(report.delivered).toBe(docs.length);
        expect(await countDocs(client, prefix)).toBe(ids.size);
        for (const doc of docs) {
          for (const [field, value] of typeSpecificLeaves(doc).slice(0, 5)) {
            // A value that did not fit the mapping is findable under @conflicts instead (conflicts.ts).
            const where = [{ match: { [field]: { query: value, lenient: true } } }, moved(value)];
            const { body } = await client.search({
              index: `${prefix}-*`,
              _source: false,
              body: {
                query: {
                  bool: {
                    filter: [{ ids: { values: [doc.body['@id']] } }],
                    should: where,
                    minimum_should_match: 1,
                  },
                },
              },
            });
            expect({ field, value, hits: body.hits.hits.length }).toEqual({ field, value, hits: 1 });
          }
        }
      } finally {
        await deleteIndices(client, prefix);
        await connector.close();
      }
    },
  );

  it('leaves exactly one document per event when the same input is delivered twice', async () => {
    // Prepare
    const prefix = uniquePrefix('replay');
    const { connector, client } = testConnector(testConfig(prefix, { engine }));
    const fixture = fixtures.find((path) => path.includes('vpcflow')) ?? (fixtures[0] as string);
    const docs = fixtureDocs(fixture);
    const events = new Set(docs.map((doc) => `${doc.type}:${doc.body['@id']}`));

    try {
      // Act
      const first = await connector.deliver(docs, deadlineIn(60_000));
      const second = await connector.deliver(docs, deadlineIn(60_000));

      // Assess
      expect(first.delivered).toBe(docs.length);
      expect(first.alreadyPresent ?? 0).toBe(docs.length - events.size);
      // The second time every create answers 409: already there, so delivered (and counted as already present).
      expect(second).toEqual({
        delivered: docs.length,
        alreadyPresent: docs.length,
        retryable: [],
        rejected: [],
      });
      expect(await countDocs(client, prefix)).toBe(events.size);
    } finally {
      await deleteIndices(client, prefix);
      await connector.close();
    }
  });
});
