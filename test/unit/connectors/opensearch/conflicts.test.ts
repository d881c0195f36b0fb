import { moveConflict } from '../../../../src/connectors/opensearch/conflicts';
import type { DocBody } from '../../../../src/core';

const body = (extra: Record<string, unknown>): DocBody => ({
  '@timestamp': '2024-05-01T12:00:00.000Z',
  '@ingested': '2026-01-01T00:00:00.000Z',
  '@id': '3791',
  '@type': 'json',
  '@message': '{}',
  aws: { log_group: '/ecs/web', log_stream: 's', owner: '123456789012' },
  ...extra,
});

describe('Conflicts: opensearch', () => {
  it('moves a conflicting string to @conflicts and keeps the rest typed', () => {
    // Prepare
    const input = body({ json: { status: 'ok', took_ms: 12 } });

    // Act
    const moved = moveConflict(input, { field: 'json.status', mappedAs: 'long' });

    // Assess
    expect(moved?.json).toEqual({ took_ms: 12 });
    expect(moved?.['@conflicts']).toEqual([{ field: 'json.status', mapped_as: 'long', value: 'ok' }]);
    expect(input.json).toEqual({ status: 'ok', took_ms: 12 });
  });

  it('stores objects and numbers as JSON text, and appends to earlier moves', () => {
    // Prepare
    const once = moveConflict(body({ json: { user: { id: 7 }, code: 5 } }), {
      field: 'json.user',
      mappedAs: 'keyword',
    });

    // Act
    const twice = moveConflict(once as DocBody, { field: 'json.code', mappedAs: 'date' });

    // Assess
    expect(twice?.['@conflicts']).toEqual([
      { field: 'json.user', mapped_as: 'keyword', value: '{"id":7}' },
      { field: 'json.code', mapped_as: 'date', value: '5' },
    ]);
    expect(twice?.json).toEqual({});
  });

  it('collects every value a path names through an array of objects', () => {
    // Act
    const moved = moveConflict(body({ json: { items: [{ n: 'x' }, { n: 'y', m: 1 }] } }), {
      field: 'json.items.n',
      mappedAs: 'long',
    });

    // Assess
    expect(moved?.json).toEqual({ items: [{}, { m: 1 }] });
    expect(moved?.['@conflicts']).toEqual([{ field: 'json.items.n', mapped_as: 'long', value: '["x","y"]' }]);
  });

  it('moves the whole json part when the field-count limit is to blame', () => {
    // Act
    const moved = moveConflict(body({ json: { a: 1, b: 2 } }), {});

    // Assess
    expect(moved?.json).toBeUndefined();
    expect(moved?.['@conflicts']).toEqual([
      { field: 'json', mapped_as: 'field_limit', value: '{"a":1,"b":2}' },
    ]);
  });

  it.each([
    ['a path not in the document', { field: 'json.missing', mappedAs: 'long' }],
    ['the document id', { field: '@id', mappedAs: 'long' }],
    ['@conflicts itself', { field: '@conflicts.value', mappedAs: 'long' }],
  ])('gives up (dead letter) on %s', (_name, conflict) => {
    // Act, Assess
    expect(moveConflict(body({ json: { a: 1 } }), conflict)).toBeUndefined();
  });
});
