import { EVENT_TIME, REQUEST_ID, transformOne } from './transform-one';

const line = (value: unknown): string => JSON.stringify(value);

describe('Transformer: lambda, JSON log format', () => {
  it('reads platform.initStart: runtime, phase, initialization type', () => {
    // Prepare
    const message = line({
      time: '2024-05-01T18:00:00.000Z',
      type: 'platform.initStart',
      record: {
        initializationType: 'provisioned-concurrency',
        phase: 'init',
        runtimeVersion: 'python:3.12.v27',
        runtimeVersionArn: 'arn:aws:lambda:eu-west-1::runtime:a5b2',
        functionName: 'thumbnailer',
        functionVersion: '4',
      },
    });

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@timestamp']).toBe('2024-05-01T18:00:00.000Z');
    expect(doc.lambda).toEqual({
      function_name: 'orders-api',
      version: '4',
      record_type: 'platform.initStart',
      phase: 'init',
      initialization_type: 'provisioned-concurrency',
      runtime_version: 'python:3.12.v27',
      runtime_version_arn: 'arn:aws:lambda:eu-west-1::runtime:a5b2',
    });
    expect(doc.json).toBeUndefined();
  });

  it('names the function from platform.initStart when the log group does not', () => {
    // Prepare
    const message = line({
      time: '2024-05-01T18:00:00.000Z',
      type: 'platform.initStart',
      record: { functionName: 'checkout-api' },
    });

    // Act
    const doc = transformOne(message, {
      owner: '381492736510',
      logGroup: '/shared/lambda-logs',
      logStream: 'no-brackets-here',
      subscriptionFilters: [],
    });

    // Assess
    expect(doc.lambda.function_name).toBe('checkout-api');
  });

  it('reads platform.start', () => {
    // Act
    const doc = transformOne(
      line({
        time: '2024-05-01T18:00:00.213Z',
        type: 'platform.start',
        record: { requestId: REQUEST_ID, version: '9' },
      }),
    );

    // Assess
    expect(doc.lambda).toMatchObject({ record_type: 'platform.start', request_id: REQUEST_ID, version: '9' });
  });

  it('reads platform.report metrics, status, tracing and cold start', () => {
    // Prepare
    const message = line({
      time: '2024-05-01T18:00:00.277Z',
      type: 'platform.report',
      record: {
        requestId: REQUEST_ID,
        metrics: {
          durationMs: 63.72,
          billedDurationMs: 64,
          memorySizeMB: 256,
          maxMemoryUsedMB: 91,
          initDurationMs: 212.48,
          restoreDurationMs: 10.5,
        },
        tracing: { spanId: 'abc', type: 'X-Amzn-Trace-Id', value: 'Root=1-6632-5e7a;Parent=3d5f;Sampled=0' },
        status: 'timeout',
        errorType: 'Sandbox.Timedout',
      },
    });

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@timestamp']).toBe('2024-05-01T18:00:00.277Z');
    expect(doc.lambda).toMatchObject({
      record_type: 'platform.report',
      request_id: REQUEST_ID,
      duration_ms: 63.72,
      billed_duration_ms: 64,
      memory_size_mb: 256,
      max_memory_used_mb: 91,
      init_duration_ms: 212.48,
      restore_duration_ms: 10.5,
      cold_start: true,
      status: 'timeout',
      error_type: 'Sandbox.Timedout',
      trace_id: '1-6632-5e7a',
      sampled: false,
    });
  });

  it('reads platform.runtimeDone into the runtime duration, not the invocation duration', () => {
    // Prepare
    const message = line({
      time: '2024-05-01T18:00:00.274Z',
      type: 'platform.runtimeDone',
      record: {
        requestId: REQUEST_ID,
        status: 'failure',
        errorType: 'Runtime.Unknown',
        metrics: { durationMs: 60.31, producedBytes: 84 },
      },
    });

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda).toMatchObject({ runtime_duration_ms: 60.31, produced_bytes: 84, status: 'failure' });
    expect(doc.lambda.duration_ms).toBeUndefined();
    expect(doc.lambda.error_type).toBe('Runtime.Unknown');
  });

  it('reads platform.initReport duration as the init duration', () => {
    // Act
    const doc = transformOne(
      line({
        time: '2024-05-01T18:00:00.100Z',
        type: 'platform.initReport',
        record: {
          initializationType: 'on-demand',
          phase: 'init',
          status: 'success',
          metrics: { durationMs: 212.48 },
        },
      }),
    );

    // Assess
    expect(doc.lambda).toMatchObject({
      record_type: 'platform.initReport',
      init_duration_ms: 212.48,
      phase: 'init',
    });
    expect(doc.lambda.cold_start).toBeUndefined();
  });

  it('ignores metrics of the wrong type rather than indexing them', () => {
    // Act
    const doc = transformOne(
      line({
        type: 'platform.report',
        record: {
          requestId: REQUEST_ID,
          metrics: { durationMs: '63', memorySizeMB: 1.5, maxMemoryUsedMB: -3 },
        },
      }),
    );

    // Assess
    expect(doc.lambda.duration_ms).toBeUndefined();
    expect(doc.lambda.memory_size_mb).toBeUndefined();
    expect(doc.lambda.max_memory_used_mb).toBeUndefined();
    expect(doc['@timestamp']).toBe(new Date(EVENT_TIME).toISOString());
  });

  it('reads an application line: level, request id, time, and the payload under json.*', () => {
    // Prepare
    const message = line({
      timestamp: '2024-05-01T18:00:00.235Z',
      level: 'warning',
      requestId: REQUEST_ID,
      message: 'cart checked out',
      'cart.id': 7731,
    });

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@timestamp']).toBe('2024-05-01T18:00:00.235Z');
    expect(doc.lambda).toMatchObject({ record_type: 'APP', level: 'WARN', request_id: REQUEST_ID });
    expect(doc.json).toEqual({
      timestamp: '2024-05-01T18:00:00.235Z',
      level: 'warning',
      requestId: REQUEST_ID,
      message: 'cart checked out',
      cart_id: 7731,
    });
  });

  it("reads Java's AWSRequestId and a logged error object's errorType", () => {
    // Act
    const doc = transformOne(
      line({
        level: 'ERROR',
        AWSRequestId: REQUEST_ID,
        message: { errorType: 'ValidationError', errorMessage: 'bad' },
      }),
    );

    // Assess
    expect(doc.lambda.request_id).toBe(REQUEST_ID);
    expect(doc.lambda.error_type).toBe('ValidationError');
  });

  it('respects the JSON field cap of the limits', () => {
    // Prepare
    const payload = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));

    // Act
    const doc = transformOne(line(payload), undefined, {
      maxMessageChars: 10_000,
      maxJsonDepth: 5,
      maxJsonFields: 10,
    });

    // Assess
    const leaves = Object.values(doc.json as Record<string, unknown>).filter((v) => typeof v === 'number');
    expect(leaves.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(doc.json)).toContain('k49');
  });

  it('keeps a message that starts with { but is not JSON as an APP line without json', () => {
    // Act
    const doc = transformOne('{"partial": true, \n');

    // Assess
    expect(doc.lambda.record_type).toBe('APP');
    expect(doc.json).toBeUndefined();
  });

  it('treats a JSON object whose type is not platform.* as an application line', () => {
    // Act
    const doc = transformOne(line({ type: 'order.created', record: { id: 1 } }));

    // Assess
    expect(doc.lambda.record_type).toBe('APP');
    expect(doc.json).toEqual({ type: 'order.created', record: { id: 1 } });
  });
});
