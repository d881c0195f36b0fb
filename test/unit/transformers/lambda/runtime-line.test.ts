import { EVENT_TIME, REQUEST_ID, transformOne } from './transform-one';

describe('Transformer: lambda, runtime lines', () => {
  it.each([
    ['INFO', 'INFO'],
    ['WARN', 'WARN'],
    ['ERROR', 'ERROR'],
    ['DEBUG', 'DEBUG'],
  ])('reads a Node.js %s line: level, request id and its own timestamp', (printed, level) => {
    // Prepare
    const message = `2024-05-01T12:00:00.123Z\t${REQUEST_ID}\t${printed}\tloading order 58213\n`;

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@timestamp']).toBe('2024-05-01T12:00:00.123Z');
    expect(doc.lambda).toEqual({
      function_name: 'orders-api',
      version: '$LATEST',
      record_type: 'APP',
      request_id: REQUEST_ID,
      level,
    });
    expect(doc.json).toBeUndefined();
  });

  it('indexes a JSON message under json.*', () => {
    // Prepare
    const message = `2024-05-01T12:00:00.123Z\t${REQUEST_ID}\tINFO\t{"orderId":58213,"total":129.9}\n`;

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.json).toEqual({ orderId: 58213, total: 129.9 });
    expect(doc.json_prefix).toBeUndefined();
  });

  it('takes the error type of an uncaught error and keeps "Invoke Error" as the prefix', () => {
    // Prepare
    const message =
      `2024-05-01T12:00:00.340Z\t${REQUEST_ID}\tERROR\tInvoke Error \t` +
      '{"errorType":"TypeError","errorMessage":"x is undefined","stack":["TypeError: x is undefined"]}\n';

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc.lambda.level).toBe('ERROR');
    expect(doc.lambda.error_type).toBe('TypeError');
    expect(doc.json_prefix).toBe('Invoke Error');
    expect(doc.json).toMatchObject({ errorMessage: 'x is undefined' });
  });

  it('leaves the request id out of lines logged during init ("undefined")', () => {
    // Act
    const doc = transformOne('2024-05-01T12:00:00.399Z\tundefined\tINFO\tconnected to redis\n');

    // Assess
    expect(doc.lambda.request_id).toBeUndefined();
    expect(doc.lambda.level).toBe('INFO');
  });

  it('reads an old Node.js line without a level', () => {
    // Act
    const doc = transformOne(`2024-05-01T12:00:00.123Z\t${REQUEST_ID}\tplain words here\n`);

    // Assess
    expect(doc.lambda.request_id).toBe(REQUEST_ID);
    expect(doc.lambda.level).toBeUndefined();
    expect(doc['@timestamp']).toBe('2024-05-01T12:00:00.123Z');
  });

  it('reads a Python line, with WARNING read as WARN', () => {
    // Prepare
    const message = `[WARNING]\t2024-05-01T16:00:00.230Z\t${REQUEST_ID}\tsource image has an ICC profile\n`;

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@timestamp']).toBe('2024-05-01T16:00:00.230Z');
    expect(doc.lambda).toMatchObject({ record_type: 'APP', level: 'WARN', request_id: REQUEST_ID });
  });

  it('reads the error type of an unhandled Python exception', () => {
    // Act
    const doc = transformOne(
      "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'PIL'\nTraceback …",
    );

    // Assess
    expect(doc.lambda.level).toBe('ERROR');
    expect(doc.lambda.error_type).toBe('Runtime.ImportModuleError');
    expect(doc['@timestamp']).toBe(new Date(EVENT_TIME).toISOString());
  });

  it('reads "Task timed out" as TIMEOUT with the seconds and the line time', () => {
    // Act
    const doc = transformOne(`2024-05-01T13:00:03.012Z ${REQUEST_ID} Task timed out after 3.00 seconds\n\n`);

    // Assess
    expect(doc['@timestamp']).toBe('2024-05-01T13:00:03.012Z');
    expect(doc.lambda).toMatchObject({ record_type: 'TIMEOUT', request_id: REQUEST_ID, timeout_seconds: 3 });
  });

  it('reads a runtime exit error with its request id and error type', () => {
    // Act
    const doc = transformOne(
      `RequestId: ${REQUEST_ID} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n`,
    );

    // Assess
    expect(doc.lambda).toMatchObject({
      record_type: 'APP',
      request_id: REQUEST_ID,
      level: 'ERROR',
      error_type: 'Runtime.ExitError',
    });
  });

  it.each([
    ['an impossible date', `2024-13-45T99:00:00.000Z\t${REQUEST_ID}\tINFO\tx`],
    [
      'a time without a zone (local time would depend on the machine)',
      `2024-05-01T12:00:00.123\t${REQUEST_ID}\tINFO\tx`,
    ],
    ['a Go log time', '2024/05/01 19:00:00 processed 128 messages'],
  ])('falls back to the CloudWatch Logs time for %s', (_case, message) => {
    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@timestamp']).toBe(new Date(EVENT_TIME).toISOString());
    expect(doc.lambda.record_type).toBe('APP');
  });

  it('keeps a line it does not recognise as APP, whole in @message', () => {
    // Prepare
    const message = 'SOMETHING_NEW\tName: datadog-agent\tState: Ready\n';

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@message']).toBe(message);
    expect(doc.lambda).toEqual({ function_name: 'orders-api', version: '$LATEST', record_type: 'APP' });
  });

  it.each([
    ['trce', 'TRACE'],
    ['dbug', 'DEBUG'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['fail', 'ERROR'],
    ['crit', 'CRITICAL'],
  ])('reads the .NET text level %s as %s', (dotnet, level) => {
    // Act
    const doc = transformOne(
      `2024-05-01T12:00:01.000Z\t6f1c0a7e-2b1d-4c55-9a0e-3c1f2b9d8e71\t${dotnet}\tpayment accepted\n`,
    );

    // Assess
    expect(doc.lambda.level).toBe(level);
  });

  it.each([
    ['Information', 'INFO'],
    ['Warning', 'WARN'],
    ['Error', 'ERROR'],
    ['Critical', 'CRITICAL'],
    ['Debug', 'DEBUG'],
    ['Trace', 'TRACE'],
  ])('reads the JSON level %s as %s', (json, level) => {
    // Act
    const doc = transformOne(
      JSON.stringify({ timestamp: '2024-05-01T12:00:01.000Z', level: json, message: 'x' }),
    );

    // Assess
    expect(doc.lambda.level).toBe(level);
  });
});
