import type { PipelineDoc } from '../../../src/core';

// The expected tables, computed directly from the documents the pipeline made, without OpenSearch and
// without the warehouse's table definitions: an independent oracle for the exactness tests.

type Body = Record<string, unknown>;
export type ExpectedRow = Record<string, number | string | null>;
/** Expected rows by table, each keyed by its key columns. */
export type Expected = Record<string, Map<string, ExpectedRow>>;

const minuteOf = (body: Body): number => Math.floor(Date.parse(String(body['@timestamp'])) / 60_000) * 60_000;
const get = (body: Body, path: string): unknown =>
  path.split('.').reduce<unknown>((value, part) => (value as Body | undefined)?.[part], body);
const keyValue = (value: unknown): string | number | null =>
  value === undefined || value === null ? null : typeof value === 'number' ? value : String(value);

/** The documents OpenSearch holds: one per `_id`, the last delivered. */
export const uniqueDocs = (docs: readonly PipelineDoc[]): PipelineDoc[] => [
  ...new Map(docs.map((doc) => [`${doc.type}:${String(doc.body['@id'])}`, doc])).values(),
];

const add = (
  table: Map<string, ExpectedRow>,
  keys: Record<string, unknown>,
  update: (row: ExpectedRow) => void,
  init: ExpectedRow,
): void => {
  const key = JSON.stringify(Object.values(keys).map(keyValue));
  let row = table.get(key);
  if (row === undefined) {
    row = {
      ...Object.fromEntries(Object.entries(keys).map(([name, value]) => [name, keyValue(value)])),
      ...init,
    };
    table.set(key, row);
  }
  update(row);
};

const INVOCATIONS = new Set(['REPORT', 'platform.report']);

/**
 * Every table's expected rows.
 *
 * @example
 * ```ts
 * expectedTables(uniqueDocs(docs)).lambda_minute.get('[1714564800000,"orders-api","$LATEST"]')?.invocations; // 12
 * ```
 */
export const expectedTables = (docs: readonly PipelineDoc[], letters: readonly Body[] = []): Expected => {
  const vpc = new Map<string, ExpectedRow>();
  const pairs = new Map<string, ExpectedRow>();
  const lambda = new Map<string, ExpectedRow>();
  const trail = new Map<string, ExpectedRow>();
  const documents = new Map<string, ExpectedRow>();
  const deadletters = new Map<string, ExpectedRow>();
  for (const { body, type } of docs) {
    const minute = minuteOf(body);
    add(
      documents,
      { minute, doc_type: body['@type'], log_group: get(body, 'aws.log_group') },
      (row) => {
        row.documents = Number(row.documents) + 1;
      },
      { documents: 0 },
    );
    if (type === 'vpcflow') {
      const packets = Number(get(body, 'vpc.packets') ?? 0);
      const bytes = Number(get(body, 'vpc.bytes') ?? 0);
      add(
        vpc,
        {
          minute,
          log_group: get(body, 'aws.log_group'),
          action: get(body, 'vpc.action'),
          protocol: get(body, 'vpc.protocol'),
          flow_direction: get(body, 'vpc.flow_direction'),
        },
        (row) => {
          row.flows = Number(row.flows) + 1;
          if (get(body, 'vpc.packets') !== undefined) row.packets = Number(row.packets) + packets;
          if (get(body, 'vpc.bytes') !== undefined) row.bytes = Number(row.bytes) + bytes;
        },
        { flows: 0, packets: 0, bytes: 0 },
      );
      add(
        pairs,
        { minute, srcaddr: get(body, 'vpc.srcaddr'), dstaddr: get(body, 'vpc.dstaddr') },
        (row) => {
          row.bytes = Number(row.bytes ?? 0) + bytes;
        },
        { bytes: 0 },
      );
    }
    if (type === 'lambda') {
      const report = INVOCATIONS.has(String(get(body, 'lambda.record_type')));
      const status = get(body, 'lambda.status');
      add(
        lambda,
        { minute, function_name: get(body, 'lambda.function_name'), version: get(body, 'lambda.version') },
        (row) => {
          if (report) row.invocations = Number(row.invocations) + 1;
          if (report && status !== undefined && status !== 'success') row.errors = Number(row.errors) + 1;
          if (report && status === 'timeout') row.timeouts = Number(row.timeouts) + 1;
          if (get(body, 'lambda.cold_start') === true) row.cold_starts = Number(row.cold_starts) + 1;
          const duration = get(body, 'lambda.duration_ms');
          if (typeof duration === 'number') row.duration_ms_sum = Number(row.duration_ms_sum ?? 0) + duration;
          const billed = get(body, 'lambda.billed_duration_ms');
          if (typeof billed === 'number')
            row.billed_duration_ms_sum = Number(row.billed_duration_ms_sum ?? 0) + billed;
        },
        {
          invocations: 0,
          errors: 0,
          timeouts: 0,
          cold_starts: 0,
          duration_ms_sum: 0,
          billed_duration_ms_sum: 0,
        },
      );
    }
    if (type === 'cloudtrail') {
      const failedLogin =
        get(body, 'cloudtrail.eventName') === 'ConsoleLogin' &&
        (get(body, 'cloudtrail.response.consoleLogin') === 'Failure' ||
          get(body, 'cloudtrail.errorMessage') !== undefined);
      add(
        trail,
        {
          minute,
          event_source: get(body, 'cloudtrail.eventSource'),
          event_name: get(body, 'cloudtrail.eventName'),
          error_code: get(body, 'cloudtrail.errorCode'),
          region: get(body, 'cloudtrail.awsRegion'),
          principal_type: get(body, 'cloudtrail.userIdentity.type'),
        },
        (row) => {
          row.events = Number(row.events) + 1;
          if (failedLogin) row.failed_console_logins = Number(row.failed_console_logins) + 1;
          if (get(body, 'cloudtrail.userIdentity.type') === 'Root')
            row.root_events = Number(row.root_events) + 1;
        },
        { events: 0, failed_console_logins: 0, root_events: 0 },
      );
    }
  }
  for (const letter of letters) {
    const minute = Math.floor(Date.parse(String(letter['@timestamp'])) / 60_000) * 60_000;
    add(
      deadletters,
      { minute, stage: letter.stage, code: letter.code, connector: letter.connector },
      (row) => {
        row.letters = Number(row.letters) + 1;
      },
      { letters: 0 },
    );
  }
  return {
    vpc_flows_minute: vpc,
    vpc_top_talkers_minute: pairs,
    lambda_minute: lambda,
    cloudtrail_minute: trail,
    pipeline_documents_minute: documents,
    pipeline_deadletters_minute: deadletters,
  };
};

/**
 * The exact nearest-rank percentile of some durations: the value at rank ⌈p·n⌉.
 *
 * @example
 * ```ts
 * nearestRank([1, 2, 3, 4], 0.5); // 2
 * ```
 */
export const nearestRank = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;

/** Durations of every invocation per minute, function and version, sorted. */
export const durationsByKey = (docs: readonly PipelineDoc[]): Map<string, number[]> => {
  const result = new Map<string, number[]>();
  for (const { body, type } of docs) {
    if (type !== 'lambda' || !INVOCATIONS.has(String(get(body, 'lambda.record_type')))) continue;
    const duration = get(body, 'lambda.duration_ms');
    if (typeof duration !== 'number') continue;
    const key = JSON.stringify([
      minuteOf(body),
      get(body, 'lambda.function_name') ?? null,
      get(body, 'lambda.version') ?? null,
    ]);
    const list = result.get(key) ?? [];
    list.push(duration);
    result.set(key, list);
  }
  for (const list of result.values()) list.sort((a, b) => a - b);
  return result;
};
