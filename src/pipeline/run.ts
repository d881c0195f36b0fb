import {
  type DeadLetter,
  type DocBody,
  describeError,
  type EngineInput,
  type Envelope,
  type LogEvent,
  type LogSource,
  type PipelineDoc,
  type RecordOrigin,
  type TransformContext,
  TransformError,
  type Transformer,
  type TransformResult,
} from '../core';
import type { PipelineConfig } from './config';
import type { Counts } from './counts';
import { checkEnvelope, type DecodeResult, decodeBase64, decodeBytes } from './decode';
import { PrivacyPolicy } from './privacy';
import { Router } from './route';

/** Everything that happened to one record. */
export interface RecordOutcome {
  readonly origin: RecordOrigin;
  readonly docs: PipelineDoc[];
  /** Records that failed to decode and events that could not become documents (stage decode or transform). */
  readonly setAside: DeadLetter[];
  readonly skipped: Record<string, number>;
  /** Redactions made in its documents, by detector or rule. */
  readonly redacted: Record<string, number>;
  readonly control: boolean;
  readonly events: number;
  /**
   * The caller's stop signal came before every event was transformed: what is here is partial, and the
   * record must be retried whole (its document ids make the retry idempotent).
   */
  readonly unfinished: boolean;
}

/** How often (in events) a record's loop asks whether to stop: often enough, without a clock read per event. */
const STOP_CHECK_EVERY = 64;

/**
 * One record, start to end: decode → route → transform → privacy. The story of a record in one place.
 *
 * @example
 * ```ts
 * const pipeline = new Pipeline(buildConfig());
 * const outcome = pipeline.processBase64(record.kinesis.data, { recordIndex: 0, sequenceNumber: record.kinesis.sequenceNumber });
 * ```
 */
export class Pipeline {
  private readonly router: Router;
  private readonly privacy: PrivacyPolicy;

  public constructor(
    public readonly config: PipelineConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.router = new Router(config);
    this.privacy = PrivacyPolicy.compile(config.privacy);
  }

  /**
   * One engine input, whichever form its source hands over. `shouldStop` is asked every few events, so a
   * slow record cannot carry the caller past its deadline: once it says yes, the outcome is `unfinished`.
   */
  public process(input: EngineInput, shouldStop?: () => boolean, decoded?: Uint8Array): RecordOutcome {
    switch (input.kind) {
      case 'base64':
        return this.processBase64(input.data, input.origin, shouldStop, decoded);
      case 'bytes':
        return this.processBytes(input.bytes, input.origin, shouldStop);
      case 'envelope':
        return this.processEnvelope(input.envelope, input.origin, shouldStop);
    }
  }

  /**
   * A record as Kinesis and Firehose hand it over: base64 text. `decoded` is `Buffer.from(data, 'base64')`
   * when the caller already made it (to archive the payload), so it is not decoded twice.
   */
  public processBase64(
    data: string,
    origin: RecordOrigin,
    shouldStop?: () => boolean,
    decoded?: Uint8Array,
  ): RecordOutcome {
    // A malformed event may carry no string at all; the letter then keeps an empty record, never null.
    return this.processDecoded(
      decodeBase64(data, this.config, decoded),
      origin,
      () => (typeof data === 'string' ? data : ''),
      shouldStop,
    );
  }

  /** A record as raw bytes (a gzip envelope, or an envelope's JSON). */
  public processBytes(bytes: Uint8Array, origin: RecordOrigin, shouldStop?: () => boolean): RecordOutcome {
    return this.processDecoded(
      decodeBytes(bytes, this.config),
      origin,
      () => Buffer.from(bytes).toString('base64'),
      shouldStop,
    );
  }

  /**
   * An envelope that is already decoded (FilterLogEvents backfill, a dead letter's event, a decoded
   * fixture). It passes the same schema check as a decoded record: a malformed one is set aside, not
   * trusted because it came as an object.
   */
  public processEnvelope(
    envelope: Envelope,
    origin: RecordOrigin,
    shouldStop?: () => boolean,
  ): RecordOutcome {
    return this.processDecoded(
      checkEnvelope(envelope, this.config),
      origin,
      () => Buffer.from(JSON.stringify(envelope) ?? '').toString('base64'),
      shouldStop,
    );
  }

  private processDecoded(
    result: DecodeResult,
    origin: RecordOrigin,
    raw: () => string,
    shouldStop: (() => boolean) | undefined,
  ): RecordOutcome {
    const outcome = emptyOutcome(origin);
    if (result.kind === 'set_aside') {
      outcome.setAside.push({
        stage: 'decode',
        code: result.code,
        reason: result.reason,
        origin,
        raw: raw(),
      });
      return outcome;
    }
    if (result.kind === 'control') return { ...outcome, control: true };
    return this.transformAll(result.envelope, outcome, shouldStop);
  }

  private transformAll(
    envelope: Envelope,
    outcome: MutableOutcome,
    shouldStop: (() => boolean) | undefined,
  ): RecordOutcome {
    const source: LogSource = envelope;
    const route = this.router.routeOf(source);
    const context: TransformContext = {
      ingestedAt: this.clock().toISOString(),
      limits: this.config.limits,
      ...(route.vpcFormat && { vpcFormat: route.vpcFormat }),
      ...(route.preserveOriginal === true && { preserveOriginal: true }),
    };
    for (const event of envelope.logEvents) {
      if (shouldStop !== undefined && outcome.events % STOP_CHECK_EVERY === 0 && shouldStop()) {
        outcome.unfinished = true;
        break;
      }
      outcome.events++;
      const transformer = this.router.transformerFor(event, source, route, context);
      const result = transformEvent(transformer, event, source, context);
      if (result.kind === 'ok') this.protect(result.docs, event, source, outcome);
      else if (result.kind === 'skip') count(outcome.skipped, result.reason);
      else {
        const { code, message } = result.error;
        outcome.setAside.push({
          stage: 'transform',
          code,
          reason: message,
          origin: outcome.origin,
          raw: event,
          source,
        });
      }
    }
    return outcome;
  }

  /**
   * The privacy stage over an event's documents: filters, field rules and redaction. Nothing a connector
   * sees carries what the policy removes.
   */
  private protect(
    docs: readonly DocBody[],
    event: LogEvent,
    source: LogSource,
    outcome: MutableOutcome,
  ): void {
    for (const parsed of docs) {
      const verdict = this.privacy.apply(parsed, source.logGroup, outcome.redacted, event.message);
      if (verdict.kind === 'skip') count(outcome.skipped, verdict.reason);
      else
        outcome.docs.push({
          type: verdict.body['@type'],
          body: verdict.body,
          event,
          source,
          origin: outcome.origin,
        });
    }
  }
}

/** The transformer's result; one that throws (transformers promise not to) makes the event invalid, not the batch lost. */
const transformEvent = (
  transformer: Transformer,
  event: LogEvent,
  source: LogSource,
  context: TransformContext,
): TransformResult => {
  try {
    return transformer.transform(event, source, context);
  } catch (error) {
    const message = `the ${transformer.id} transformer threw: ${describeError(error)}`;
    return { kind: 'invalid', error: new TransformError('transformer_threw', message) };
  }
};

const count = (counts: Counts, reason: string): void => {
  counts[reason] = (counts[reason] ?? 0) + 1;
};

type MutableOutcome = { -readonly [K in keyof RecordOutcome]: RecordOutcome[K] };

const emptyOutcome = (origin: RecordOrigin): MutableOutcome => ({
  origin,
  docs: [],
  setAside: [],
  skipped: {},
  redacted: {},
  control: false,
  events: 0,
  unfinished: false,
});
