import type { PipelineDoc } from '../../pipeline/run';
import { describeError } from '../../shared/errors';
import {
  type Connector,
  type Deadline,
  type DeliveryReport,
  type FailedItem,
  remainingMs,
} from '../connector';
import { AimdLimiter } from './backpressure';
import {
  type BulkChunk,
  type BulkItem,
  bulkBody,
  chunkBulkItems,
  encodeBulkItem,
  splitChunk,
} from './bulk-request';
import { classifyBulkResponse, classifyRequestFailure, type ItemOutcome } from './bulk-response';
import { createOpenSearchClient, type OpenSearchClient } from './client';
import type { OpenSearchConfig } from './config';
import { moveConflict } from './conflicts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryWithin, type SendResult } from './retry';

/** What the connector needs besides its settings; tests inject time and randomness. */
export interface OpenSearchConnectorOptions {
  readonly client: OpenSearchClient;
  readonly config: OpenSearchConfig;
  readonly retry?: RetryPolicy;
  /** How many times one document may have a conflicting value moved aside before it is rejected. */
  readonly maxConflictMoves?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** A document on its way, with the values already moved aside from it. */
interface Work extends BulkItem {
  readonly moves: number;
}

type Retry = SendResult<Work>['retry'][number];
type BulkBody = Parameters<OpenSearchClient['bulk']>[0]['body'];

// Only what classification needs: keeps 1000-item answers small.
const FILTER_PATH = 'errors,items.*.status,items.*.error';

/**
 * Delivers documents to OpenSearch with `_bulk` `create` requests (`_id` = `@id`, so nothing is ever
 * written twice), chunked by count and bytes, gzip-compressed, a bounded number in flight. Each item
 * is delivered (201, or 409: already there), retried with backoff inside the deadline (429, 5xx,
 * busy cluster, timeouts, resets), re-sent with a conflicting value moved to `@conflicts`
 * (conflicts.ts), or rejected. When the cluster keeps throttling, fewer and smaller requests are sent.
 *
 * @example
 * ```ts
 * const connector = OpenSearchConnector.fromConfig(openSearchConfigFromEnv());
 * const report = await connector.deliver(outcome.docs, deadlineIn(30_000)); // { delivered: 812, retryable: [], rejected: [] }
 * ```
 */
export class OpenSearchConnector implements Connector {
  public readonly id = 'opensearch';
  private readonly client: OpenSearchClient;
  private readonly config: OpenSearchConfig;
  private readonly limiter: AimdLimiter;
  private readonly retry: RetryPolicy;
  private readonly maxConflictMoves: number;
  private readonly deps: Pick<OpenSearchConnectorOptions, 'random' | 'sleep' | 'now'>;

  public constructor(options: OpenSearchConnectorOptions) {
    this.client = options.client;
    this.config = options.config;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.maxConflictMoves = options.maxConflictMoves ?? 8;
    this.deps = { random: options.random, sleep: options.sleep, now: options.now };
    this.limiter = new AimdLimiter({
      maxConcurrency: options.config.bulk.concurrency,
      ...(options.now && { now: options.now }),
    });
  }

  /** A connector with its own client (gzip, SigV4 when configured). */
  public static fromConfig(config: OpenSearchConfig): OpenSearchConnector {
    return new OpenSearchConnector({ client: createOpenSearchClient(config), config });
  }

  /** Requests allowed in flight and the share of the chunk size in use now (they shrink under 429s). */
  public get pressure(): { concurrency: number; chunkScale: number } {
    return { concurrency: this.limiter.concurrency, chunkScale: this.limiter.chunkScale };
  }

  public async deliver(docs: readonly PipelineDoc[], deadline: Deadline): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, retryable: [], rejected: [] };
    const work: Work[] = [];
    for (const doc of docs) {
      try {
        work.push({ ...encodeBulkItem(doc, { prefix: this.config.indexPrefix }), moves: 0 });
      } catch (error) {
        // A body JSON cannot encode (a BigInt, a cycle) can never be indexed as it is.
        report.rejected.push({ doc, code: 'encode_failed', reason: describeError(error) });
      }
    }
    const { retryable } = await retryWithin(
      work,
      deadline,
      (batch) => this.sendAll(batch, deadline, report),
      {
        policy: this.retry,
        ...(this.deps.random && { random: this.deps.random }),
        ...(this.deps.sleep && { sleep: this.deps.sleep }),
        ...(this.deps.now && { now: this.deps.now }),
      },
    );
    for (const { item, code, reason } of retryable) report.retryable.push({ doc: item.doc, code, reason });
    return report;
  }

  public async close(): Promise<void> {
    await this.client.close();
  }

  /** Sends a set of documents as concurrent chunks and sorts every item into the report or a retry list. */
  private async sendAll(
    batch: readonly Work[],
    deadline: Deadline,
    report: DeliveryReport,
  ): Promise<SendResult<Work>> {
    const scale = this.limiter.chunkScale;
    const chunks = chunkBulkItems(batch, {
      maxDocs: this.config.bulk.maxDocs * scale,
      maxBytes: this.config.bulk.maxBytes * scale,
    });
    const retry: Retry[] = [];
    const resend: Work[] = [];
    const sink = { report, retry, resend };
    await Promise.all(
      chunks.map(async (chunk) => {
        await this.limiter.acquire();
        try {
          await this.sendChunk(chunk, deadline, sink);
        } finally {
          this.limiter.release();
        }
      }),
    );
    return { retry, resend };
  }

  private async sendChunk(
    chunk: BulkChunk<Work>,
    deadline: Deadline,
    sink: { report: DeliveryReport; retry: Retry[]; resend: Work[] },
  ): Promise<void> {
    const now = this.deps.now?.() ?? Date.now();
    const left = remainingMs(deadline, now);
    if (left < this.retry.minRequestMs) {
      for (const item of chunk.items)
        sink.retry.push({
          item,
          code: 'deadline',
          reason: 'The delivery deadline came before this document could be sent.',
        });
      return;
    }
    let response: unknown;
    try {
      const result = await this.client.bulk(
        // The client passes a string body through untouched: the NDJSON is already built.
        { body: bulkBody(chunk) as unknown as BulkBody, filter_path: FILTER_PATH },
        { requestTimeout: Math.min(this.config.requestTimeoutMs, left), maxRetries: 0, compression: 'gzip' },
      );
      response = result.body;
    } catch (error) {
      const failure = classifyRequestFailure(error);
      if (failure.kind === 'split' && chunk.items.length > 1) {
        // Too large or malformed as a whole: halve until the document at fault stands alone.
        for (const half of splitChunk(chunk)) await this.sendChunk(half, deadline, sink);
        return;
      }
      if (failure.kind === 'split') {
        const [item] = chunk.items;
        if (item) sink.report.rejected.push(failed(item, failure.code, failure.reason));
        return;
      }
      if (failure.throttled) this.limiter.throttled();
      for (const item of chunk.items) sink.retry.push({ item, code: failure.code, reason: failure.reason });
      return;
    }
    const outcomes = classifyBulkResponse(response, chunk.items.length);
    let throttled = false;
    for (const [i, outcome] of outcomes.entries()) {
      const item = chunk.items[i] as Work;
      throttled = this.settle(item, outcome, sink) || throttled;
    }
    if (throttled) this.limiter.throttled();
    else this.limiter.succeeded();
  }

  /** Puts one item where its outcome says; true when the cluster throttled it. */
  private settle(
    item: Work,
    outcome: ItemOutcome,
    sink: { report: DeliveryReport; retry: Retry[]; resend: Work[] },
  ): boolean {
    switch (outcome.kind) {
      case 'delivered':
        sink.report.delivered++;
        return false;
      case 'retryable':
        sink.retry.push({ item, code: outcome.code, reason: outcome.reason });
        return outcome.throttled;
      case 'rejected': {
        const moved =
          outcome.conflict !== undefined && item.moves < this.maxConflictMoves
            ? moveConflict(item.body, outcome.conflict)
            : undefined;
        if (moved === undefined) sink.report.rejected.push(failed(item, outcome.code, outcome.reason));
        else
          sink.resend.push({
            ...encodeBulkItem(item.doc, { body: moved, index: item.index }),
            moves: item.moves + 1,
          });
        return false;
      }
    }
  }
}

const failed = (item: BulkItem, code: string, reason: string): FailedItem => ({
  doc: item.doc,
  code,
  reason,
});
