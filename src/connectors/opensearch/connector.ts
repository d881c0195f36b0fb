import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  type Connector,
  type Deadline,
  type DeliveryReport,
  describeError,
  type FailedItem,
  type HealthReport,
  type PipelineDoc,
  remainingMs,
  type SetupContext,
  type SetupReport,
} from '../../core';
import { AimdLimiter } from './backpressure';
import {
  type BulkChunk,
  BulkEncoder,
  type BulkItem,
  bulkBodyBytes,
  splitChunk,
  streamChunks,
} from './bulk-request';
import { classifyBulkResponse, classifyRequestFailure, type ItemOutcome } from './bulk-response';
import type { OpenSearchConfig } from './config';
import { moveConflict } from './conflicts';
import { redactUrl } from './redact-url';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryWithin, type SendResult } from './retry';
import { explainFailures, ismRetention, pingRoot, type Retention, setupOpenSearch } from './setup';
import { toConnectorReport } from './setup-report';
import { createTransportClient, type OpenSearchTransportClient } from './transport-client';

/** What the connector needs besides its settings; tests inject time and randomness. */
export interface OpenSearchConnectorOptions {
  readonly client: OpenSearchTransportClient;
  readonly config: OpenSearchConfig;
  /** How old indices are deleted: ISM (OpenSearch, the default) or ILM (Elasticsearch). */
  readonly retention?: Retention;
  readonly retry?: RetryPolicy;
  /** How many times one document may have a conflicting value moved aside before it is rejected. */
  readonly maxConflictMoves?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** A document on its way, with how many times a conflicting value was already moved aside from it. */
interface Work extends BulkItem {
  moves: number;
}

/** A document not yet encoded (encoded as its chunk is about to be sent, so sending starts at once) or encoded. */
type Pending = Work | { readonly doc: PipelineDoc; readonly moves: 0 };

type Retry = SendResult<Pending>['retry'][number];
const gzipAsync = promisify(gzip);
type BulkBody = Parameters<OpenSearchTransportClient['bulk']>[0]['body'];

const GZIP_HEADERS = { 'content-encoding': 'gzip', 'content-type': 'application/x-ndjson' };
const PLAIN_HEADERS = { 'content-type': 'application/x-ndjson' };

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
  /** `opensearch`, or `elasticsearch` when the config names that engine: the same code serves both. */
  public readonly id: string;
  private readonly client: OpenSearchTransportClient;
  private readonly retention: Retention;
  private readonly config: OpenSearchConfig;
  private readonly limiter: AimdLimiter;
  private readonly retry: RetryPolicy;
  private readonly maxConflictMoves: number;
  private readonly encoder: BulkEncoder;
  private readonly deps: Pick<OpenSearchConnectorOptions, 'random' | 'sleep' | 'now'>;

  public constructor(options: OpenSearchConnectorOptions) {
    this.client = options.client;
    this.config = options.config;
    this.id = options.config.engine.id;
    this.retention = options.retention ?? ismRetention;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.maxConflictMoves = options.maxConflictMoves ?? 8;
    this.encoder = new BulkEncoder(options.config.indexPrefix);
    this.deps = { random: options.random, sleep: options.sleep, now: options.now };
    this.limiter = new AimdLimiter({
      maxConcurrency: options.config.bulk.concurrency,
      ...(options.now && { now: options.now }),
    });
  }

  /** A connector with its own transport client (gzip, SigV4 when configured; transport-client.ts). */
  public static fromConfig(config: OpenSearchConfig, retention?: Retention): OpenSearchConnector {
    return new OpenSearchConnector({
      client: createTransportClient(config),
      config,
      ...(retention && { retention }),
    });
  }

  /** Requests allowed in flight and the share of the chunk size in use now (they shrink under 429s). */
  public get pressure(): { concurrency: number; chunkScale: number } {
    return { concurrency: this.limiter.concurrency, chunkScale: this.limiter.chunkScale };
  }

  public async deliver(docs: readonly PipelineDoc[], deadline: Deadline): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, retryable: [], rejected: [] };
    const pending: Pending[] = docs.map((doc) => ({ doc, moves: 0 }));
    const { retryable } = await retryWithin(
      pending,
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

  /** Index templates from the field table, the dead-letter template and the ISM policy (setup.ts). */
  public async setup(context: SetupContext): Promise<SetupReport> {
    const report = await setupOpenSearch(this.client, this.config, context.fields, this.retention);
    return toConnectorReport(report, this.config.retentionDays, this.id);
  }

  /** `GET /` answered: reachable and the credentials accepted; otherwise the one line setup would print. */
  public async health(): Promise<HealthReport> {
    try {
      await explainFailures(this.config, () => pingRoot(this.client, 10_000));
      return {
        healthy: true,
        detail: `${this.config.engine.label} at ${redactUrl(this.config.url)} answers.`,
      };
    } catch (error) {
      return { healthy: false, detail: describeError(error) };
    }
  }

  public async close(): Promise<void> {
    await this.client.close();
  }

  /** Sends a set of documents as concurrent chunks and sorts every item into the report or a retry list. */
  private async sendAll(
    batch: readonly Pending[],
    deadline: Deadline,
    report: DeliveryReport,
  ): Promise<SendResult<Pending>> {
    const scale = this.limiter.chunkScale;
    const chunks = streamChunks(this.encodeAll(batch, report), {
      maxDocs: this.config.bulk.maxDocs * scale,
      maxBytes: this.config.bulk.maxBytes * scale,
    });
    const retry: Retry[] = [];
    const resend: Work[] = [];
    const sink = { report, retry, resend };
    // As many workers as requests may ever be in flight; the limiter decides how many run now.
    const worker = async (): Promise<void> => {
      for (;;) {
        await this.limiter.acquire();
        try {
          const next = chunks.next();
          if (next.done === true) return;
          await this.sendChunk(next.value, deadline, sink);
        } finally {
          this.limiter.release();
        }
      }
    };
    await Promise.all(Array.from({ length: this.config.bulk.concurrency }, worker));
    return { retry, resend };
  }

  private *encodeAll(batch: readonly Pending[], report: DeliveryReport): Generator<Work> {
    for (const pending of batch) {
      if ('lines' in pending) {
        yield pending;
        continue;
      }
      try {
        const work = this.encoder.encode(pending.doc) as Work;
        work.moves = 0;
        yield work;
      } catch (error) {
        // A body JSON cannot encode (a BigInt, a cycle) can never be indexed as it is.
        report.rejected.push({ doc: pending.doc, code: 'encode_failed', reason: describeError(error) });
      }
    }
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
      // Compressed here, at gzip level 1, on the libuv pool: several times cheaper than the client's
      // default level for log lines, which still shrink several-fold (docs/decisions/0005-gzip-level-1-requests.md).
      const raw = bulkBodyBytes(chunk);
      const gzipped = this.config.compression === 'gzip';
      const body = gzipped ? await gzipAsync(raw, { level: 1 }) : raw;
      const result = await this.client.bulk(
        { body: body as unknown as BulkBody, filter_path: FILTER_PATH },
        {
          requestTimeout: Math.min(this.config.requestTimeoutMs, left),
          maxRetries: 0,
          compression: false as unknown as 'gzip',
          headers: gzipped ? GZIP_HEADERS : PLAIN_HEADERS,
        },
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
        if (!outcome.created) sink.report.alreadyPresent = (sink.report.alreadyPresent ?? 0) + 1;
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
        else {
          const work = this.encoder.encode(item.doc, moved, item.index) as Work;
          work.moves = item.moves + 1;
          sink.resend.push(work);
        }
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
