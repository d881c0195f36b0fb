import {
  type DeadLetter,
  describeError,
  type EngineInput,
  type Envelope,
  type LogSource,
  type PipelineDoc,
  type RecordOrigin,
  type TransformContext,
} from '../core';
import type { PipelineConfig } from './config';
import { addCounts, type Counts } from './counts';
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
 * One record, start to end: decode → route → transform. The story of a record in one place.
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
    const { origin } = outcome;
    this.privacy.scopeLines(envelope.logEvents, source.logGroup, source.logStream);
    for (const event of envelope.logEvents) {
      if (shouldStop !== undefined && outcome.events % STOP_CHECK_EVERY === 0 && shouldStop()) {
        outcome.unfinished = true;
        break;
      }
      outcome.events++;
      const transformer = this.router.transformerFor(event, source, route, context);
      // A JSON line redacted before it is parsed makes documents the policy has nothing more to do with.
      // Its redactions count once its documents are made (a line that fails to parse makes none). Not a
      // line longer than `@message` may be: the walk cuts it first and redacts what is left, and a line
      // redacted first is cut elsewhere (20 capitals of a longer run, cut, are an access key id).
      const lineRedactions: Counts = {};
      const redactedLine =
        transformer.parsesJsonLine && event.message.length <= context.limits.maxMessageChars
          ? this.privacy.redactJsonLine(event.message, source.logGroup, lineRedactions, source.logStream)
          : undefined;
      let result: ReturnType<typeof transformer.transform>;
      try {
        const redacted = redactedLine !== undefined && redactedLine !== event.message;
        result = transformer.transform(
          redacted ? { ...event, message: redactedLine } : event,
          source,
          context,
        );
        // The reason names a position in the message: the one set aside with it is the message as it came.
        if (redacted && result.kind === 'invalid') result = transformer.transform(event, source, context);
      } catch (error) {
        // Transformers promise never to throw; if one does, the event is kept, not the batch lost.
        const reason = `the ${transformer.id} transformer threw: ${describeError(error)}`;
        outcome.setAside.push({
          stage: 'transform',
          code: 'transformer_threw',
          reason,
          origin,
          raw: event,
          source,
        });
        continue;
      }
      if (result.kind === 'ok' && redactedLine !== undefined) {
        if (redactedLine !== event.message) addCounts(outcome.redacted, lineRedactions);
        for (const body of result.docs)
          outcome.docs.push({ type: body['@type'], body, event, source, origin });
      } else if (result.kind === 'ok') {
        for (const parsed of result.docs) {
          // Filters, field drops and redaction: nothing a connector sees carries what the policy removes.
          const verdict = this.privacy.apply(
            parsed,
            source.logGroup,
            outcome.redacted,
            event.message,
            source.logStream,
          );
          if (verdict.kind === 'skip') {
            outcome.skipped[verdict.reason] = (outcome.skipped[verdict.reason] ?? 0) + 1;
            continue;
          }
          const body = verdict.body;
          outcome.docs.push({ type: body['@type'], body, event, source, origin });
        }
      } else if (result.kind === 'skip') {
        outcome.skipped[result.reason] = (outcome.skipped[result.reason] ?? 0) + 1;
      } else {
        const { code, message } = result.error;
        outcome.setAside.push({ stage: 'transform', code, reason: message, origin, raw: event, source });
      }
    }
    return outcome;
  }
}

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
