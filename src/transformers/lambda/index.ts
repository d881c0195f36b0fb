import type { LogEvent, LogSource, TransformContext, Transformer, TransformResult } from '../../core';
import { baseDoc, keepsMessage, ok, skip } from '../common';
import { findJsonObject, type JsonObject, sanitizeJson } from '../json/expand';
import { LAMBDA_FIELDS, type LambdaFields } from './fields';
import { readJsonLine } from './platform-json';
import { type PlatformRead, readPlatformText } from './platform-text';
import { readRuntimeLine } from './runtime-line';
import { functionIdentity } from './source';

const LAMBDA_GROUP_PREFIX = '/aws/lambda/';

/**
 * Lambda function logs, text and JSON formats, under `lambda.*`.
 *
 * `REPORT RequestId: 6f1c0a7e-2b1d-4c55-9a0e-3c1f2b9d8e71\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 245.12 ms`
 * in `/aws/lambda/orders-api`, stream `2024/05/01/[$LATEST]9f2c…`, becomes
 * `{ '@type': 'lambda', lambda: { function_name: 'orders-api', version: '$LATEST', record_type: 'REPORT',
 * request_id: '6f1c0a7e-…', duration_ms: 102.25, billed_duration_ms: 103, memory_size_mb: 128,
 * max_memory_used_mb: 70, init_duration_ms: 245.12, cold_start: true }, … }`.
 *
 * Every line is a document: a line that is none of the known shapes is an APP record as it stands.
 * A text platform line read whole (START, END, REPORT, INIT_*, RESTORE_*, EXTENSION…) has no
 * `@message` (kept with the log group's `preserveOriginal`); every other line keeps it.
 */
export const lambdaTransformer: Transformer = {
  id: 'lambda',
  mayOmitMessage: true,
  fields: LAMBDA_FIELDS,
  matches: (_event: LogEvent, source: LogSource): boolean => source.logGroup.startsWith(LAMBDA_GROUP_PREFIX),
  transform: (event: LogEvent, source: LogSource, context: TransformContext): TransformResult => {
    const message = event.message;
    if (isBlank(message)) return skip('empty_message');
    const lambda = identityFields(source);
    let timeMs: number | undefined;
    let json: JsonObject | undefined;
    let jsonPrefix: string | undefined;
    // Only a text platform line can be all in its fields. A JSON platform event carries parts no field
    // holds (spans, new metrics), and an application line is its own content: both keep `@message`.
    const platform: PlatformRead =
      message.charCodeAt(0) === 123 /* { */ ? 'none' : readPlatformText(message, lambda);

    if (message.charCodeAt(0) === 123 /* { */) {
      const line = readJsonLine(message, lambda, context.limits);
      timeMs = line?.timeMs;
      json = line?.json;
    } else if (platform === 'none') {
      const line = readRuntimeLine(message, lambda);
      timeMs = line.timeMs;
      const found = findJsonObject(line.text);
      if (found !== undefined) {
        json = sanitizeJson(found.value, context.limits);
        const prefix = found.prefix.trim();
        if (prefix !== '') jsonPrefix = prefix;
        // `Invoke Error \t{"errorType":"TypeError",…}`: the runtime's report of an uncaught error.
        if (lambda.error_type === undefined && typeof found.value.errorType === 'string')
          lambda.error_type = found.value.errorType;
      }
    }

    const doc = baseDoc(
      'lambda',
      event,
      source,
      context,
      timeMs,
      keepsMessage(platform === 'whole', context),
    );
    doc.lambda = lambda;
    if (json !== undefined) doc.json = json;
    if (jsonPrefix !== undefined) doc.json_prefix = jsonPrefix;
    return ok(doc);
  },
};

/** A fresh fields object led by what the log group and stream say (the parsers may refine it). */
const identityFields = (source: LogSource): LambdaFields => {
  const identity = functionIdentity(source);
  const fields = {} as LambdaFields;
  if (identity.functionName !== undefined) fields.function_name = identity.functionName;
  if (identity.version !== undefined) fields.version = identity.version;
  if (identity.edge === true) fields.edge = true;
  fields.record_type = 'APP';
  return fields;
};

const isBlank = (message: string): boolean => {
  if (message.length === 0) return true;
  const first = message.charCodeAt(0);
  return (first === 32 || first === 9 || first === 10 || first === 13) && message.trim() === '';
};
