import { createOpenSearchClient, type OpenSearchClient } from '../../src/connectors/opensearch/client';
import { buildOpenSearchConfig, type OpenSearchConfig } from '../../src/connectors/opensearch/config';
import { OpenSearchConnector } from '../../src/connectors/opensearch/connector';
import { setupOpenSearch } from '../../src/connectors/opensearch/setup';
import { deadlineIn, type LogType, type PipelineDoc } from '../../src/core';
import { removeSetup } from '../../src/local/opensearch/remove-setup';
import { syntheticEnvelopes, syntheticSourceOf } from '../../src/local/synthetic';
import { buildConfig, Pipeline } from '../../src/pipeline';
import { FIELD_CATALOG } from '../../src/transformers';

/** Stored bytes per document of one log type, with `@message` kept everywhere and as cwlpipe stores it. */
export interface StoredBytesRow {
  readonly type: LogType;
  readonly docs: number;
  /** Bytes per document on disk with the log group's `preserveOriginal` on (every document keeps `@message`). */
  readonly preservedBytesPerDoc: number;
  /** Bytes per document on disk by default (`@message` left out where every part of the line is a field). */
  readonly defaultBytesPerDoc: number;
  /** Share of the documents that left `@message` out by default. */
  readonly leanShare: number;
}

/**
 * What a document of each type costs on the cluster's disk, "before" (`preserveOriginal`, as every document
 * was stored until `@message` became optional) and "after" (the default), from one run: the same generated
 * events go through the pipeline once per setting and the connector into fresh indices with cwlpipe's
 * templates (one prefix per setting), which are then force-merged to one segment and refreshed; the figure is the primaries' store size ÷ their documents.
 * One segment makes the two comparable (no half-merged segments, no deleted documents); it is also what
 * an index that is no longer written looks like.
 *
 * @example
 * ```ts
 * const rows = await benchStoredBytes('http://127.0.0.1:9200', ['vpcflow', 'cloudtrail'], 5_000);
 * rows[0]; // { type: 'vpcflow', docs: 5000, preservedBytesPerDoc: 345, defaultBytesPerDoc: 234, leanShare: 1 }
 * ```
 */
export const benchStoredBytes = async (
  url: string,
  types: readonly LogType[],
  events = 5_000,
): Promise<StoredBytesRow[]> => {
  const client = createOpenSearchClient(buildOpenSearchConfig({ url }));
  const stamp = Date.now().toString(36);
  const prefixes = { preserved: `cwlbenchstore${stamp}p`, lean: `cwlbenchstore${stamp}d` };
  try {
    // One prefix (one set of templates) per setting; each type has its own indices under it.
    const preserved = await measureAll(client, url, prefixes.preserved, types, events, true);
    const lean = await measureAll(client, url, prefixes.lean, types, events, false);
    return types.map((type, index) => {
      const before = preserved[index] as Measured;
      const after = lean[index] as Measured;
      return {
        type,
        docs: after.docs.length,
        preservedBytesPerDoc: before.bytesPerDoc,
        defaultBytesPerDoc: after.bytesPerDoc,
        leanShare: after.docs.filter((doc) => doc.body['@message'] === undefined).length / after.docs.length,
      };
    });
  } finally {
    for (const prefix of Object.values(prefixes)) await removeSetup(client, prefix);
    await client.close();
  }
};

interface Measured {
  readonly docs: readonly PipelineDoc[];
  readonly bytesPerDoc: number;
}

const measureAll = async (
  client: OpenSearchClient,
  url: string,
  prefix: string,
  types: readonly LogType[],
  events: number,
  preserveOriginal: boolean,
): Promise<Measured[]> => {
  const config: OpenSearchConfig = buildOpenSearchConfig({ url, indexPrefix: prefix });
  await setupOpenSearch(client, config, FIELD_CATALOG);
  const connector = new OpenSearchConnector({ client, config });
  const measured: Measured[] = [];
  for (const type of types) {
    const docs = generateDocs(type, events, preserveOriginal);
    const report = await connector.deliver(docs, deadlineIn(600_000));
    if (report.delivered !== docs.length)
      throw new Error(`The stored-bytes bench delivered ${report.delivered} of ${docs.length} documents.`);
    measured.push({ docs, bytesPerDoc: await storedBytesPerDoc(client, `${prefix}-${type}-*`, docs.length) });
  }
  return measured;
};

/** Generated events of one type through the pipeline, with the synthetic log group's `preserveOriginal` set. */
const generateDocs = (type: LogType, events: number, preserveOriginal: boolean): PipelineDoc[] => {
  const source = syntheticSourceOf(type);
  if (source === undefined) throw new Error(`The log type "${type}" has no synthetic data.`);
  const pipeline = new Pipeline(
    buildConfig({ logGroups: [{ pattern: source.logGroup, type, preserveOriginal }] }),
  );
  const perEnvelope = 1000;
  const docs: PipelineDoc[] = [];
  let recordIndex = 0;
  for (const envelope of syntheticEnvelopes({
    type,
    envelopes: Math.ceil(events / perEnvelope),
    eventsPerEnvelope: perEnvelope,
    seed: 9,
  }))
    docs.push(...pipeline.processEnvelope(envelope, { recordIndex: recordIndex++ }).docs);
  return docs.slice(0, events);
};

/** Merges the indices to one segment each and divides their primaries' store size by their documents. */
const storedBytesPerDoc = async (
  client: OpenSearchClient,
  indices: string,
  expected: number,
): Promise<number> => {
  // Refresh first so every document is in a segment, merge to one, refresh again for the stats.
  await client.indices.refresh({ index: indices });
  await client.indices.forcemerge({ index: indices, max_num_segments: 1 });
  await client.indices.refresh({ index: indices });
  const { body } = await client.indices.stats({ index: indices, metric: ['store', 'docs'] });
  const primaries = (
    body as { _all: { primaries: { store: { size_in_bytes: number }; docs: { count: number } } } }
  )._all.primaries;
  if (primaries.docs.count !== expected)
    throw new Error(`The stored-bytes bench found ${primaries.docs.count} of ${expected} documents.`);
  return primaries.store.size_in_bytes / primaries.docs.count;
};
