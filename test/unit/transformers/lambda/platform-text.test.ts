import { REQUEST_ID, transformOne } from './transform-one';

describe('Transformer: lambda, platform text lines', () => {
  it('reads a START line with its request id and version', () => {
    // Prepare
    const message = `START RequestId: ${REQUEST_ID} Version: 12\n`;

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda).toEqual({
      function_name: 'orders-api',
      version: '12',
      record_type: 'START',
      request_id: REQUEST_ID,
    });
  });

  it('reads an END line', () => {
    // Act
    const doc = transformOne(`END RequestId: ${REQUEST_ID}\n`);

    // Assess
    expect(doc.lambda.record_type).toBe('END');
    expect(doc.lambda.request_id).toBe(REQUEST_ID);
  });

  it('reads a cold-start REPORT into numbers, with cold_start true', () => {
    // Prepare
    const message =
      `REPORT RequestId: ${REQUEST_ID}\tDuration: 102.25 ms\tBilled Duration: 103 ms\t` +
      'Memory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 245.12 ms\t\n';

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda).toEqual({
      function_name: 'orders-api',
      version: '$LATEST',
      record_type: 'REPORT',
      request_id: REQUEST_ID,
      duration_ms: 102.25,
      billed_duration_ms: 103,
      memory_size_mb: 128,
      max_memory_used_mb: 70,
      init_duration_ms: 245.12,
      cold_start: true,
    });
  });

  it('marks a REPORT without Init Duration as a warm start', () => {
    // Act
    const doc = transformOne(`REPORT RequestId: ${REQUEST_ID}\tDuration: 1.5 ms\tBilled Duration: 2 ms\t\n`);

    // Assess
    expect(doc.lambda.cold_start).toBe(false);
    expect(doc.lambda.init_duration_ms).toBeUndefined();
  });

  it('reads the X-Ray line a REPORT carries after its line break', () => {
    // Prepare
    const message =
      `REPORT RequestId: ${REQUEST_ID}\tDuration: 9.1 ms\t\n` +
      'XRAY TraceId: 1-66322f40-1a2b3c4d5e6f708192a3b4c5\tSegmentId: 4f3e2d1c0b9a8776\tSampled: false\t\n';

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda.trace_id).toBe('1-66322f40-1a2b3c4d5e6f708192a3b4c5');
    expect(doc.lambda.segment_id).toBe('4f3e2d1c0b9a8776');
    expect(doc.lambda.sampled).toBe(false);
    expect(doc.lambda.duration_ms).toBe(9.1);
  });

  it('reads Status and Error Type of a failed invocation', () => {
    // Prepare
    const message =
      `REPORT RequestId: ${REQUEST_ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\t` +
      'Memory Size: 256 MB\tMax Memory Used: 188 MB\tStatus: error\tError Type: Runtime.ExitError\n';

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda.status).toBe('error');
    expect(doc.lambda.error_type).toBe('Runtime.ExitError');
    expect(doc.lambda.duration_ms).toBe(3000);
  });

  it('reads SnapStart restore durations', () => {
    // Prepare
    const message =
      `REPORT RequestId: ${REQUEST_ID}\tDuration: 121.86 ms\tBilled Duration: 445 ms\tMemory Size: 1024 MB\t` +
      'Max Memory Used: 152 MB\tRestore Duration: 571.67 ms\tBilled Restore Duration: 323 ms\t\n';

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda.restore_duration_ms).toBe(571.67);
    expect(doc.lambda.billed_restore_duration_ms).toBe(323);
    expect(doc.lambda.cold_start).toBe(true);
    expect(doc.lambda.restored).toBe(true);
  });

  it('reads EXTENSION, TELEMETRY and LOGS lines', () => {
    // Act
    const extension = transformOne(
      'EXTENSION\tName: datadog-agent\tState: Ready\tEvents: [INVOKE, SHUTDOWN]\n',
    );
    const telemetry = transformOne(
      'TELEMETRY\tName: otel-collector\tState: Subscribed\tTypes: [Platform, Function]\n',
    );
    const logs = transformOne('LOGS\tName: log-shipper\tState: Subscribed\tTypes: [function]\n');

    // Assess
    expect(extension.lambda).toMatchObject({
      record_type: 'EXTENSION',
      extension_name: 'datadog-agent',
      extension_state: 'Ready',
      extension_events: ['INVOKE', 'SHUTDOWN'],
    });
    expect(telemetry.lambda).toMatchObject({
      record_type: 'TELEMETRY',
      extension_name: 'otel-collector',
      extension_state: 'Subscribed',
      subscription_types: ['Platform', 'Function'],
    });
    expect(logs.lambda).toMatchObject({ record_type: 'LOGS', subscription_types: ['function'] });
  });

  it('reads pairs in any order and passes over keys it does not know', () => {
    // Prepare
    const message = `REPORT RequestId: ${REQUEST_ID}\tMax Memory Used: 99 MB\tShiny New Metric: 7 ms\tDuration: 4 ms`;

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda.max_memory_used_mb).toBe(99);
    expect(doc.lambda.duration_ms).toBe(4);
    expect(Object.keys(doc.lambda)).not.toContain('shiny_new_metric');
  });

  it('leaves out a memory size that is not a whole number rather than writing a fraction to a long', () => {
    // Act
    const doc = transformOne(`REPORT RequestId: ${REQUEST_ID}\tMemory Size: 12.5 MB\tDuration: abc ms`);

    // Assess
    expect(doc.lambda.record_type).toBe('REPORT');
    expect(doc.lambda.memory_size_mb).toBeUndefined();
    expect(doc.lambda.duration_ms).toBeUndefined();
  });

  it('reads INIT_START with the runtime version and its ARN (whose colons stay in the value)', () => {
    // Prepare
    const arn =
      'arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9';

    // Act
    const doc = transformOne(`INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: ${arn}\n`);

    // Assess
    expect(doc.lambda.record_type).toBe('INIT_START');
    expect(doc.lambda.runtime_version).toBe('nodejs:20.v13');
    expect(doc.lambda.runtime_version_arn).toBe(arn);
    expect(doc.lambda.cold_start).toBeUndefined();
  });

  it('reads INIT_REPORT with its duration, phase and status', () => {
    // Act
    const doc = transformOne('INIT_REPORT Init Duration: 1000.11 ms\tPhase: init\tStatus: timeout\n');

    // Assess
    expect(doc.lambda).toMatchObject({
      record_type: 'INIT_REPORT',
      init_duration_ms: 1000.11,
      phase: 'init',
      status: 'timeout',
    });
    expect(doc.lambda.cold_start).toBeUndefined();
  });

  it('reads RESTORE_START and RESTORE_REPORT of SnapStart', () => {
    // Act
    const start = transformOne('RESTORE_START Runtime Version: java:21.v17\tRuntime Version ARN: arn:x\n');
    const report = transformOne('RESTORE_REPORT Restore Duration: 571.67 ms\n');

    // Assess
    expect(start.lambda.record_type).toBe('RESTORE_START');
    expect(start.lambda.runtime_version).toBe('java:21.v17');
    expect(report.lambda.record_type).toBe('RESTORE_REPORT');
    expect(report.lambda.restore_duration_ms).toBe(571.67);
  });

  it.each([
    ['REPORT generated for tenant 42'],
    ['START of nightly batch'],
    ['END RequestId: '],
    ['INIT_START no pairs here'],
    ['INIT_REPORT\tsomething'],
  ])('keeps "%s" as an APP line', (message) => {
    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda.record_type).toBe('APP');
    expect(doc.lambda.request_id).toBeUndefined();
  });
});
