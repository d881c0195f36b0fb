import type { FieldSpec } from '../../core';
import { JSON_PAYLOAD_FIELDS } from '../json/fields';

/**
 * The `lambda.*` namespace of a document. Every key is optional but `record_type`: a field is
 * written only when the log line says it, so an absent field never pretends to be zero.
 *
 * @example
 * ```ts
 * const fields: LambdaFields = { function_name: 'orders-api', record_type: 'REPORT', duration_ms: 102.25 };
 * ```
 */
export interface LambdaFields {
  function_name?: string;
  version?: string;
  edge?: boolean;
  record_type: string;
  request_id?: string;
  level?: string;
  duration_ms?: number;
  billed_duration_ms?: number;
  memory_size_mb?: number;
  max_memory_used_mb?: number;
  init_duration_ms?: number;
  restore_duration_ms?: number;
  billed_restore_duration_ms?: number;
  runtime_duration_ms?: number;
  produced_bytes?: number;
  cold_start?: boolean;
  status?: string;
  error_type?: string;
  phase?: string;
  initialization_type?: string;
  runtime_version?: string;
  runtime_version_arn?: string;
  timeout_seconds?: number;
  trace_id?: string;
  segment_id?: string;
  sampled?: boolean;
  restored?: boolean;
  extension_name?: string;
  extension_state?: string;
  extension_events?: string[];
  subscription_types?: string[];
  dropped_records?: number;
  dropped_bytes?: number;
  drop_reason?: string;
}

/**
 * The rows of the field table this transformer writes. An application line's JSON payload also
 * goes under `json` / `json_prefix`, the json type's fields (each field has one owner in the table;
 * the index templates map `json.*` dynamically for every type).
 */
export const LAMBDA_FIELDS: readonly FieldSpec[] = [
  {
    name: 'lambda.function_name',
    type: 'keyword',
    description: 'The function name, from the log group (/aws/lambda/<name>) or the log stream.',
  },
  {
    name: 'lambda.version',
    type: 'keyword',
    description: 'The function version ($LATEST or a number), from the START line or the log stream.',
  },
  {
    name: 'lambda.edge',
    type: 'boolean',
    description: 'True for Lambda@Edge log groups (/aws/lambda/us-east-1.<name>); absent otherwise.',
  },
  {
    name: 'lambda.record_type',
    type: 'keyword',
    description:
      'START, END, REPORT, INIT_START, INIT_REPORT, RESTORE_START, RESTORE_REPORT, EXTENSION, TELEMETRY, LOGS, TIMEOUT, APP, or a JSON platform.* type.',
  },
  { name: 'lambda.request_id', type: 'keyword', description: 'The invocation request id.' },
  {
    name: 'lambda.level',
    type: 'keyword',
    description:
      'The log level of an application line: TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL or FATAL, whatever the runtime calls it (WARNING, .NET trce/dbug/info/warn/fail/crit, Information, Warning, Critical…).',
  },
  { name: 'lambda.duration_ms', type: 'double', description: 'Invocation duration (REPORT).' },
  { name: 'lambda.billed_duration_ms', type: 'double', description: 'Billed duration (REPORT).' },
  { name: 'lambda.memory_size_mb', type: 'long', description: 'Configured memory (REPORT).' },
  { name: 'lambda.max_memory_used_mb', type: 'long', description: 'Peak memory used (REPORT).' },
  {
    name: 'lambda.init_duration_ms',
    type: 'double',
    description: 'Init phase duration (REPORT of a cold start, INIT_REPORT).',
  },
  {
    name: 'lambda.restore_duration_ms',
    type: 'double',
    description: 'SnapStart restore duration (REPORT, RESTORE_REPORT).',
  },
  {
    name: 'lambda.billed_restore_duration_ms',
    type: 'double',
    description: 'Billed SnapStart restore duration (REPORT).',
  },
  {
    name: 'lambda.runtime_duration_ms',
    type: 'double',
    description: 'Time the runtime spent on the invocation (platform.runtimeDone), without extensions.',
  },
  {
    name: 'lambda.produced_bytes',
    type: 'long',
    description: 'Response size in bytes (platform.runtimeDone).',
  },
  {
    name: 'lambda.cold_start',
    type: 'boolean',
    description:
      'On REPORT records only: true when the invocation ran in a new execution environment (an Init Duration, or a SnapStart Restore Duration, is reported), false otherwise.',
  },
  {
    name: 'lambda.restored',
    type: 'boolean',
    description:
      'On REPORT records only, and only when true: the execution environment was restored from a SnapStart snapshot (a Restore Duration is reported); such a REPORT is also a cold start.',
  },
  {
    name: 'lambda.extension_name',
    type: 'keyword',
    description:
      'The extension (EXTENSION, platform.extension) or subscriber (TELEMETRY, LOGS, platform.telemetrySubscription) a line is about.',
  },
  {
    name: 'lambda.extension_state',
    type: 'keyword',
    description: 'Its state: Ready, Subscribed, …',
  },
  {
    name: 'lambda.extension_events',
    type: 'keyword',
    description: 'The events the extension registered for (INVOKE, SHUTDOWN).',
  },
  {
    name: 'lambda.subscription_types',
    type: 'keyword',
    description: 'The telemetry streams subscribed to (platform, function, extension).',
  },
  {
    name: 'lambda.dropped_records',
    type: 'long',
    description: 'Records Lambda dropped because a telemetry subscriber fell behind (platform.logsDropped).',
  },
  {
    name: 'lambda.dropped_bytes',
    type: 'long',
    description: 'Bytes of those dropped records (platform.logsDropped).',
  },
  {
    name: 'lambda.drop_reason',
    type: 'keyword',
    description: 'Why they were dropped (platform.logsDropped).',
  },
  {
    name: 'lambda.status',
    type: 'keyword',
    description: 'Outcome when the platform gives one: success, error, failure, timeout.',
  },
  {
    name: 'lambda.error_type',
    type: 'keyword',
    description: 'The error type, e.g. Runtime.ExitError or the errorType of a logged error.',
  },
  { name: 'lambda.phase', type: 'keyword', description: 'The phase of an INIT_REPORT: init or invoke.' },
  {
    name: 'lambda.initialization_type',
    type: 'keyword',
    description: 'on-demand, provisioned-concurrency or snap-start (JSON format).',
  },
  {
    name: 'lambda.runtime_version',
    type: 'keyword',
    description: 'The runtime version from INIT_START, e.g. nodejs:20.v13.',
  },
  { name: 'lambda.runtime_version_arn', type: 'keyword', description: 'The runtime version ARN.' },
  {
    name: 'lambda.timeout_seconds',
    type: 'double',
    description: 'The timeout a TIMEOUT line reports ("Task timed out after 3.00 seconds").',
  },
  { name: 'lambda.trace_id', type: 'keyword', description: 'The X-Ray trace id of the invocation.' },
  { name: 'lambda.segment_id', type: 'keyword', description: 'The X-Ray segment id (REPORT).' },
  { name: 'lambda.sampled', type: 'boolean', description: 'Whether X-Ray sampled the invocation.' },
  ...JSON_PAYLOAD_FIELDS,
];
