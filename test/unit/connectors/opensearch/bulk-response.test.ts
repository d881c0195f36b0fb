import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyBulkItem,
  classifyBulkResponse,
  classifyRequestFailure,
} from '../../../../src/connectors/opensearch/bulk-response';

// Captured from a real OpenSearch 2.19 node (`_bulk?filter_path=errors,items.*.status,items.*.error`).
const response = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'responses', `${name}.json`), 'utf8'));

const responseError = (statusCode: number, body: unknown): Error =>
  Object.assign(new Error('Response Error'), { name: 'ResponseError', meta: { statusCode, body } });

describe('Bulk response: opensearch', () => {
  it('recognises a mapping conflict in Elasticsearch 8 words (document_parsing_exception, position first)', () => {
    // Prepare
    const item = {
      status: 400,
      error: {
        type: 'document_parsing_exception',
        reason:
          "[1:29] failed to parse field [json.status] of type [long] in document with id 'a'. Preview of field's value: 'ok'",
      },
    };

    // Act
    const outcome = classifyBulkItem(item);

    // Assess
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'document_parsing_exception',
      conflict: { field: 'json.status', mappedAs: 'long' },
    });
  });

  it('classifies a real response: created, already there, and each kind of mapping conflict', () => {
    // Act
    const outcomes = classifyBulkResponse(response('mapping-conflicts'), 7);

    // Assess
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'delivered',
      'delivered',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(outcomes[0]).toEqual({ kind: 'delivered', created: true });
    expect(outcomes[1]).toEqual({ kind: 'delivered', created: false });
    const conflicts = outcomes.map((outcome) => (outcome.kind === 'rejected' ? outcome.conflict : undefined));
    expect(conflicts.slice(2)).toEqual([
      { field: 'json.status', mappedAs: 'long' },
      { field: 'json.user', mappedAs: 'keyword' },
      { field: 'json.obj', mappedAs: 'object' },
      { field: 'json.ts', mappedAs: 'date' },
      undefined,
    ]);
    expect(outcomes[6]).toMatchObject({ kind: 'rejected', code: 'mapper_parsing_exception' });
    expect(outcomes[2]).toMatchObject({ reason: expect.stringContaining('For input string: "ok"') });
  });

  it('keeps write-blocked items retryable and rejects an invalid index name', () => {
    // Act
    const [blocked, invalid] = classifyBulkResponse(response('blocked-and-invalid-index'), 2);

    // Assess
    expect(blocked).toMatchObject({ kind: 'retryable', code: 'cluster_block_exception', throttled: false });
    expect(invalid).toMatchObject({ kind: 'rejected', code: 'invalid_index_name_exception' });
    expect(invalid).not.toHaveProperty('conflict');
  });

  it('recognises the field-count limit as a conflict of the whole dynamic part', () => {
    // Act
    const [outcome] = classifyBulkResponse(response('total-fields-limit'), 1);

    // Assess
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'illegal_argument_exception', conflict: {} });
  });

  it.each([
    [
      {
        status: 429,
        error: {
          type: 'rejected_execution_exception',
          reason: 'rejected execution of coordinating operation',
        },
      },
      true,
    ],
    [{ status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue capacity 200' } }, true],
    [
      { status: 429, error: { type: 'circuit_breaking_exception', reason: '[parent] Data too large' } },
      false,
    ],
    [
      { status: 503, error: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' } },
      false,
    ],
    [{ status: 500, error: { type: 'exception', reason: 'boom' } }, false],
  ])('makes %j retryable', (item, throttled) => {
    // Act
    const outcome = classifyBulkItem(item);

    // Assess
    expect(outcome).toMatchObject({
      kind: 'retryable',
      code: item.error.type,
      throttled: throttled || item.status === 429,
    });
  });

  it('recognises a mapping changed by a concurrent request as a conflict', () => {
    // Act
    const outcome = classifyBulkItem({
      status: 400,
      error: {
        type: 'illegal_argument_exception',
        reason: 'mapper [json.code] cannot be changed from type [long] to [text]',
      },
    });

    // Assess
    expect(outcome).toMatchObject({ kind: 'rejected', conflict: { field: 'json.code', mappedAs: 'long' } });
  });

  it('makes items the response does not answer retryable', () => {
    // Act
    const outcomes = classifyBulkResponse({ errors: false, items: [{ create: { status: 201 } }] }, 3);

    // Assess
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['delivered', 'retryable', 'retryable']);
    expect(outcomes[1]).toMatchObject({ code: 'bulk_response_incomplete' });
  });

  it.each([
    [
      responseError(429, { error: { type: 'rejected_execution_exception', reason: 'busy' } }),
      'retryable',
      'http_429',
    ],
    [responseError(503, ''), 'retryable', 'http_503'],
    [responseError(413, ''), 'split', 'http_413'],
    [
      responseError(400, { error: { type: 'illegal_argument_exception', reason: 'Malformed action' } }),
      'split',
      'http_400',
    ],
    [
      responseError(403, { error: { type: 'security_exception', reason: 'no permissions' } }),
      'retryable',
      'http_403',
    ],
    [Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }), 'retryable', 'timeout'],
    [
      Object.assign(new Error('socket hang up'), { name: 'ConnectionError' }),
      'retryable',
      'connection_reset',
    ],
    [
      Object.assign(new Error('read ECONNRESET'), { name: 'ConnectionError' }),
      'retryable',
      'connection_reset',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { name: 'ConnectionError' }),
      'retryable',
      'connection_refused',
    ],
  ])('classifies a whole-request failure %#', (error, kind, code) => {
    // Act
    const outcome = classifyRequestFailure(error);

    // Assess
    expect(outcome).toMatchObject({ kind, code });
  });

  it('marks only a whole-request 429 as throttling', () => {
    // Act, Assess
    expect(classifyRequestFailure(responseError(429, ''))).toMatchObject({ throttled: true });
    expect(classifyRequestFailure(responseError(503, ''))).toMatchObject({ throttled: false });
  });
});
