import type { PipelineDoc } from '../pipeline/run';

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
  retryable: FailedItem[];
  rejected: FailedItem[];
}

/**
 * A destination plug-in: it owns encoding, sending and per-item classification.
 *
 * @example
 * ```ts
 * const report = await connector.deliver(outcome.docs, deadlineIn(30_000));
 * failRecords(report.retryable.map((item) => item.doc.origin));
 * ```
 */
export interface Connector {
  readonly id: string;
  deliver(docs: readonly PipelineDoc[], deadline: Deadline): Promise<DeliveryReport>;
  close?(): Promise<void>;
}
