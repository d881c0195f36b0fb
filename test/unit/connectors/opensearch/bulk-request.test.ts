import fc from 'fast-check';
import {
  BulkEncoder,
  bulkBody,
  bulkBodyBytes,
  chunkBulkItems,
  encodeBulkItem,
  splitChunk,
} from '../../../../src/connectors/opensearch/bulk-request';
import type { PipelineDoc } from '../../../../src/core';
import { buildConfig } from '../../../../src/pipeline/config';
import { Pipeline } from '../../../../src/pipeline/run';
import { envelope } from '../../../helpers/records';

const docsOf = (messages: string[]): PipelineDoc[] =>
  new Pipeline(buildConfig(), () => new Date('2026-01-01T00:00:00.000Z')).processEnvelope(
    envelope('/ecs/web', messages),
    { recordIndex: 0 },
  ).docs;

describe('Bulk request: opensearch', () => {
  it('encodes a create action to the daily index of the event, with the event id as _id', () => {
    // Prepare
    const [doc] = docsOf(['hello']) as [PipelineDoc];

    // Act
    const item = encodeBulkItem(doc, { prefix: 'cwl' });

    // Assess
    const [action, source, rest] = item.lines.split('\n');
    expect(JSON.parse(action as string)).toEqual({
      create: {
        _index: 'cwl-text-2024.05.01',
        _id: '30000000000000000000000000000000000000000000000000000000',
      },
    });
    expect(JSON.parse(source as string)['@message']).toBe('hello');
    expect(rest).toBe('');
    expect(item.bytes).toBe(Buffer.byteLength(item.lines));
  });

  it('encodes with one encoder exactly as document by document, across types, days and odd timestamps', () => {
    // Prepare: two days, a second type, a timestamp the transformers never write, one not a time at all
    const docs = docsOf(['a', 'b', 'héllo ✓']);
    const [first, second, third] = docs as [PipelineDoc, PipelineDoc, PipelineDoc];
    const nextDay = { ...second, body: { ...second.body, '@timestamp': '2024-05-02T00:00:00.000Z' } };
    const otherType = { ...third, type: 'vpcflow', body: { ...third.body, '@type': 'vpcflow' } };
    const offset = { ...first, body: { ...first.body, '@timestamp': '2024-05-01T23:30:00-01:00' } };
    const garbage = { ...first, body: { ...first.body, '@timestamp': '2024-05-01T99:00:00.000Z' } };
    const all = [first, nextDay, otherType, offset, second, garbage];
    const encoder = new BulkEncoder('logs');

    // Act
    const encoded = all.map((doc) => encoder.encode(doc));

    // Assess
    expect(encoded).toEqual(all.map((doc) => encodeBulkItem(doc, { prefix: 'logs' })));
    expect(encoded.map((item) => item.index).slice(0, 5)).toEqual([
      'logs-text-2024.05.01',
      'logs-text-2024.05.02',
      'logs-vpcflow-2024.05.01',
      'logs-text-2024.05.02',
      'logs-text-2024.05.01',
    ]);
    // An unreadable time goes to the fallback day (today), not to the day its first characters name.
    expect(encoded[5]?.index).not.toBe('logs-text-2024.05.01');
    for (const item of encoded) expect(JSON.parse(item.lines.split('\n')[1] as string)).toEqual(item.body);
  });

  it('writes a body as the bytes of its lines, UTF-8 included', () => {
    // Prepare
    const items = docsOf(['a', 'héllo ✓', 'c']).map((doc) => encodeBulkItem(doc));
    const [chunk] = chunkBulkItems(items, { maxDocs: 10, maxBytes: 1e9 });

    // Act
    const bytes = bulkBodyBytes(chunk as NonNullable<typeof chunk>);

    // Assess
    expect(bytes.toString('utf8')).toBe(bulkBody(chunk as NonNullable<typeof chunk>));
    expect(bytes.length).toBe(chunk?.bytes);
  });

  it('counts bytes in UTF-8, not characters', () => {
    // Prepare
    const [doc] = docsOf(['héllo ✓']) as [PipelineDoc];

    // Act
    const item = encodeBulkItem(doc);

    // Assess
    expect(item.bytes).toBe(item.lines.length + 1 + 2);
  });

  it('cuts chunks at the document count', () => {
    // Prepare
    const items = docsOf(['a', 'b', 'c', 'd', 'e']).map((doc) => encodeBulkItem(doc));

    // Act
    const chunks = chunkBulkItems(items, { maxDocs: 2, maxBytes: 1e9 });

    // Assess
    expect(chunks.map((chunk) => chunk.items.length)).toEqual([2, 2, 1]);
  });

  it('cuts chunks at the byte limit and sends a larger document alone', () => {
    // Prepare
    const items = docsOf(['a', 'x'.repeat(2000), 'b', 'c']).map((doc) => encodeBulkItem(doc));
    const small = items[0]?.bytes ?? 0;

    // Act
    const chunks = chunkBulkItems(items, { maxDocs: 100, maxBytes: small * 2 + 10 });

    // Assess
    expect(chunks.map((chunk) => chunk.items.map((item) => item.body['@message']?.slice(0, 1)))).toEqual([
      ['a'],
      ['x'],
      ['b', 'c'],
    ]);
    expect(bulkBody(chunks[2] as (typeof chunks)[number]).split('\n')).toHaveLength(5);
  });

  it('halves a chunk in order', () => {
    // Prepare
    const items = docsOf(['a', 'b', 'c']).map((doc) => encodeBulkItem(doc));
    const [chunk] = chunkBulkItems(items, { maxDocs: 10, maxBytes: 1e9 });

    // Act
    const halves = splitChunk(chunk as NonNullable<typeof chunk>);

    // Assess
    expect(halves.map((half) => half.items.map((item) => item.body['@message']))).toEqual([
      ['a', 'b'],
      ['c'],
    ]);
  });

  it('keeps every item once, in order, and within limits unless alone (property)', () => {
    const items = docsOf(Array.from({ length: 40 }, (_, i) => 'm'.repeat((i * 37) % 300))).map((doc) =>
      encodeBulkItem(doc),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 5000 }),
        (count, maxDocs, maxBytes) => {
          // Act
          const chunks = chunkBulkItems(items.slice(0, count), { maxDocs, maxBytes });

          // Assess
          expect(chunks.flatMap((chunk) => chunk.items)).toEqual(items.slice(0, count));
          for (const chunk of chunks) {
            expect(chunk.items.length).toBeGreaterThan(0);
            expect(chunk.items.length).toBeLessThanOrEqual(maxDocs);
            if (chunk.items.length > 1) expect(chunk.bytes).toBeLessThanOrEqual(maxBytes);
            expect(Buffer.byteLength(bulkBody(chunk))).toBe(chunk.bytes);
          }
        },
      ),
    );
  });
});
