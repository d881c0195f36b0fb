import type { PipelineDoc } from './records';
import type { FieldCatalog } from './transformer';

/** The time by which a delivery must finish (in Lambda, a little before the invocation's end). */
export interface Deadline {
  /** Epoch milliseconds. */
  readonly at: number;
}

export const deadlineIn = (ms: number, now: number = Date.now()): Deadline => ({ at: now + ms });
export const remainingMs = (deadline: Deadline, now: number = Date.now()): number =>
  Math.max(0, deadline.at - now);

/** One document a destination did not take, and why. */
export interface FailedItem {
  readonly doc: PipelineDoc;
  /** Short, low-cardinality: `http_429`, `mapper_parsing_exception`, `timeout`… */
  readonly code: string;
  readonly reason: string;
}

/**
 * What happened to each document handed to a connector. Every document is counted in exactly one
 * of the three: delivered (including already there), retryable (the source record must be retried),
 * or rejected (it can never succeed as it is: it goes to the dead letter).
 */
export interface DeliveryReport {
  delivered: number;
  /** Of the delivered, those the destination already had under the same `_id` (a replay, a retry, a backfill). */
  alreadyPresent?: number;
  retryable: FailedItem[];
  rejected: FailedItem[];
}

/** What a connector's setup is given: the field table, from which templates and schemas are generated. */
export interface SetupContext {
  readonly fields: FieldCatalog;
}

/** One thing a setup installed or checked, as a person reads it: `index template cwl-json: unchanged`. */
export interface SetupStep {
  readonly subject: string;
  readonly outcome: string;
}

/**
 * What a connector's setup did: its steps, and one summary line.
 *
 * @example
 * ```ts
 * const report: SetupReport = { connector: 'opensearch', summary: '6 index templates (0 created or updated)', steps: [{ subject: 'index template cwl-json', outcome: 'unchanged' }] };
 * ```
 */
export interface SetupReport {
  readonly connector: string;
  readonly summary: string;
  readonly steps: readonly SetupStep[];
}

/** Whether a destination answers and accepts the credentials, in one line a person can act on. */
export interface HealthReport {
  readonly healthy: boolean;
  readonly detail: string;
}

/**
 * A destination plug-in: it owns encoding, sending and per-item classification, and optionally the
 * installation of what it needs at the destination (index templates, tables) and a health check.
 *
 * @example
 * ```ts
 * const report = await connector.deliver(outcome.docs, deadlineIn(30_000));
 * failRecords(report.retryable.map((item) => item.doc.origin));
 * ```
 */
export interface Connector {
  readonly id: string;
  /** Never throws for a document's sake: every document lands in exactly one bucket of the report. */
  deliver(docs: readonly PipelineDoc[], deadline: Deadline): Promise<DeliveryReport>;
  /** Installs or updates what the destination needs; idempotent; throws a ConfigError naming the problem. */
  setup?(context: SetupContext): Promise<SetupReport>;
  /** Checks the destination answers and accepts the credentials; never throws. */
  health?(): Promise<HealthReport>;
  close?(): Promise<void>;
}
