import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DocBody, LogEvent, LogSource, TransformContext, Transformer } from '../../src/core';
import { fieldsOfType } from '../../src/core';
import { syntheticEnvelopes, syntheticTypes } from '../../src/local/synthetic';
import { FIELD_CATALOG, FIELD_TABLE, TRANSFORMERS } from '../../src/transformers';
import { capMessage, DEFAULT_LIMITS } from '../../src/transformers/common';
import { expectedPath, FIXTURES, listFixtures } from '../helpers/golden';

const context: TransformContext = { ingestedAt: '2026-01-01T00:00:00.000Z', limits: DEFAULT_LIMITS };
const source: LogSource = {
  owner: '123456789012',
  logGroup: '/aws/lambda/contract',
  logStream: '2024/05/01/[$LATEST]0123456789abcdef',
  subscriptionFilters: ['contract'],
};

/** Every dotted leaf path of a document, stopping at `json` (dynamic by design) and at arrays of scalars. */
const leafPaths = (value: unknown, prefix = ''): string[] => {
  if (value === null || typeof value !== 'object') return [prefix];
  if (Array.isArray(value))
    return value.some((v) => v !== null && typeof v === 'object')
      ? value.flatMap((v) => leafPaths(v, prefix))
      : [prefix];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return path === 'json' ? [path] : leafPaths(child, path);
  });
};

/** Messages of every type, so each transformer also meets the others' input. */
const realisticMessages: string[] = syntheticTypes().flatMap((type) =>
  [...syntheticEnvelopes({ type, envelopes: 1, eventsPerEnvelope: 20, seed: 7 })].flatMap((e) =>
    e.logEvents.map((l) => l.message),
  ),
);

const preserving: TransformContext = { ...context, preserveOriginal: true };

const checkContract = (transformer: Transformer, event: LogEvent, eventSource: LogSource): void => {
  checkWith(transformer, event, eventSource, context);
  checkWith(transformer, event, eventSource, preserving);
};

const checkWith = (
  transformer: Transformer,
  event: LogEvent,
  eventSource: LogSource,
  context: TransformContext,
): void => {
  const result = transformer.transform(event, eventSource, context);
  expect(['ok', 'skip', 'invalid']).toContain(result.kind);
  if (result.kind === 'invalid') {
    expect(result.error.code).toMatch(/^[a-z0-9_]+$/);
    expect(result.error.message.length).toBeGreaterThan(10);
  }
  if (result.kind !== 'ok') return;
  const declared = new Set(fieldsOfType(FIELD_CATALOG, transformer.id).map((row) => row.name));
  for (const doc of result.docs) {
    checkCommonFields(doc, transformer, event, eventSource, declared);
    // `@message` is the raw line (capped) or absent; absent only where the line can be all in fields.
    if (doc['@message'] === undefined) {
      expect(context.preserveOriginal).not.toBe(true);
      expect(transformer.mayOmitMessage).toBe(true);
    } else {
      expect(doc['@message']).toBe(capMessage(event.message, context.limits.maxMessageChars));
    }
  }
};

const checkCommonFields = (
  doc: DocBody,
  transformer: Transformer,
  event: LogEvent,
  eventSource: LogSource,
  declared: Set<string>,
): void => {
  expect(doc['@id'].startsWith(event.id)).toBe(true);
  expect(doc['@type']).toBe(transformer.id);
  expect(new Date(doc['@timestamp']).toISOString()).toBe(doc['@timestamp']);
  expect(doc['@ingested']).toBe(context.ingestedAt);
  expect(doc.aws).toEqual({
    log_group: eventSource.logGroup,
    log_stream: eventSource.logStream,
    owner: eventSource.owner,
  });
  const undeclared = leafPaths(doc).filter((path) => !declared.has(path));
  expect(undeclared).toEqual([]);
};

describe.each(TRANSFORMERS.map((t) => [t.id, t] as const))('Contract: transformer %s', (_id, transformer) => {
  it('has fixtures, its spec: fixtures/<type>/ with cases, each beside its golden file', () => {
    // Prepare
    const folder = join(FIXTURES, transformer.id);

    // Act
    const cases = existsSync(folder) ? listFixtures(folder) : [];

    // Assess
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.filter((fixture) => !existsSync(expectedPath(fixture)))).toEqual([]);
  });

  it('declares each field once, with a type and a description', () => {
    // Prepare
    const names = transformer.fields.map((field) => field.name);

    // Assess
    expect(new Set(names).size).toBe(names.length);
    for (const field of transformer.fields) {
      expect(field.description.length).toBeGreaterThan(0);
      // A name shared with another type (lambda's application JSON under `json`) must map the same way.
      const elsewhere = FIELD_TABLE.filter(
        (row) => row.name === field.name && row.logType !== transformer.id,
      );
      expect(elsewhere.map((row) => row.type)).toEqual(elsewhere.map(() => field.type));
    }
  });

  it('never throws and always writes the common fields, for realistic messages of every type', () => {
    realisticMessages.forEach((message, index) => {
      checkContract(transformer, { id: `event-${index}`, timestamp: 1714564800000 + index, message }, source);
    });
  });

  it('never throws and always writes the common fields, for arbitrary messages and sources', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme' }),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
        ),
        fc.string({ minLength: 1 }),
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        fc.string(),
        (message, id, timestamp, logGroup) => {
          checkContract(transformer, { id, timestamp, message }, { ...source, logGroup });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers matches() without throwing', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (message, logGroup) => {
        expect(typeof transformer.matches({ id: '1', timestamp: 0, message }, { ...source, logGroup })).toBe(
          'boolean',
        );
      }),
    );
  });
});
