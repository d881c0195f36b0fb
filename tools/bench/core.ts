import { gunzipSync, gzipSync } from 'node:zlib';
import { BulkEncoder, bulkBodyBytes, streamChunks } from '../../src/connectors/opensearch/bulk-request';
import { OPENSEARCH_DEFAULTS } from '../../src/connectors/opensearch/config';
import type { LogType } from '../../src/core';
import { syntheticEnvelopes, syntheticTypes } from '../../src/local/synthetic';
import { buildConfig, DETECTOR_NAMES, Pipeline } from '../../src/pipeline';
import { median } from '../footprint/report';

export interface CoreBenchRow {
  readonly type: LogType;
  readonly events: number;
  /** Decode + route + transform, events per second. */
  readonly pipelineEventsPerSec: number;
  /** The ceiling: base64 + gunzip + JSON.parse of the same records, nothing else. */
  readonly ceilingEventsPerSec: number;
  readonly ratio: number;
  readonly docs: number;
  /** Time the default privacy rules add, as a share of the pipeline's time with every detector off (median of the rounds' pairs). */
  readonly privacyCost: number;
  /**
   * The same, measured to the wire: decode + route + transform + encoding into the `_bulk` bodies the
   * OpenSearch connector sends (before compression, no network), which is what a user pays for.
   */
  readonly privacyCostToWire: number;
  /**
   * To the wire: decode + route + transform + privacy (default rules) + encoding into the exact `_bulk`
   * bodies the OpenSearch connector sends (its encoder, chunk limits and body bytes; before compression,
   * no network), events per second.
   */
  readonly wireEventsPerSec: number;
  /** {@link wireEventsPerSec} over the ceiling. */
  readonly wireRatio: number;
  /**
   * The best ratio to the wire any design could reach that serialises each document with `JSON.stringify`:
   * the ceiling over the ceiling plus that stringify of the same documents (plus one `JSON.parse` of each
   * line, for a type whose transformer must parse the line as JSON). Route, transform, privacy and the
   * action lines are counted as free; a target above this cannot be met by making them cheaper.
   */
  readonly stringifyFloorRatio: number;
  /** `_bulk` body bytes (uncompressed) per event. */
  readonly bulkBytesPerEvent: number;
  /** Inflating alone, the payloads' uncompressed MB/s with `node:zlib` (what cwlpipe uses). */
  readonly inflateMBps: { readonly nodeZlib: number };
}

export interface CoreBenchOptions {
  readonly envelopes?: number;
  readonly eventsPerEnvelope?: number;
  readonly rounds?: number;
  readonly types?: readonly LogType[];
}

/**
 * The log types whose transformer parses each whole line as one JSON document (a CloudTrail record per
 * line): the floor counts one `JSON.parse` per line for them. Named here, not asked of the transformer,
 * because the pipeline has no JSON-line shortcut any more to tell it.
 */
const WHOLE_JSON_LINE_TYPES: ReadonlySet<LogType> = new Set(['cloudtrail']);

/**
 * Measures the core (decode → route → transform) against the raw ceiling on the same payloads,
 * alternating the two in rounds and keeping each one's best round, so the ratio holds on a busy
 * machine where absolute figures do not.
 *
 * @example
 * ```ts
 * for (const row of benchCore({ rounds: 3 })) console.log(row.type, row.ratio.toFixed(2));
 * ```
 */
export const benchCore = (options: CoreBenchOptions = {}): CoreBenchRow[] => {
  const { envelopes = 100, eventsPerEnvelope = 100, rounds = 25, types = syntheticTypes() } = options;
  return types.map((type) => {
    const records = [...syntheticEnvelopes({ type, envelopes, eventsPerEnvelope, seed: 1 })].map((envelope) =>
      gzipSync(JSON.stringify(envelope)).toString('base64'),
    );
    const events = envelopes * eventsPerEnvelope;
    const pipeline = new Pipeline(buildConfig());
    const noPrivacy = new Pipeline(
      buildConfig({
        privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, false])) },
      }),
    );
    let docs = 0;
    const runPipeline = (): void => {
      docs = 0;
      records.forEach((data, recordIndex) => {
        docs += pipeline.processBase64(data, { recordIndex }).docs.length;
      });
    };
    const runWithoutPrivacy = (): void => {
      records.forEach((data, recordIndex) => {
        noPrivacy.processBase64(data, { recordIndex });
      });
    };
    let bulkBytes = 0;
    const limits = { maxDocs: OPENSEARCH_DEFAULTS.bulkMaxDocs, maxBytes: OPENSEARCH_DEFAULTS.bulkMaxBytes };
    // What the connector does per batch: one encoder, items cut into chunks as they come, each chunk's body.
    const toWire = (through: Pipeline) => (): void => {
      const encoder = new BulkEncoder(OPENSEARCH_DEFAULTS.indexPrefix);
      function* items() {
        for (let recordIndex = 0; recordIndex < records.length; recordIndex++)
          for (const doc of through.processBase64(records[recordIndex] as string, { recordIndex }).docs)
            yield encoder.encode(doc);
      }
      bulkBytes = 0;
      for (const chunk of streamChunks(items(), limits)) bulkBytes += bulkBodyBytes(chunk).length;
    };
    const wireWithPrivacy = toWire(pipeline);
    const wireWithoutPrivacy = toWire(noPrivacy);
    // What any design pays besides the ceiling: each line parsed once when it is JSON, each document stringified.
    const produced = records.flatMap(
      (data, recordIndex) => pipeline.processBase64(data, { recordIndex }).docs,
    );
    const lines = WHOLE_JSON_LINE_TYPES.has(type) ? produced.map((doc) => doc.event.message) : [];
    const bodies = produced.map((doc) => doc.body);
    const runFloorExtra = (): void => {
      for (const line of lines) JSON.parse(line);
      for (const body of bodies) JSON.stringify(body);
    };
    let parsedEvents = 0;
    const runCeiling = (): void => {
      parsedEvents = 0;
      for (const data of records) {
        const envelope = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as {
          logEvents: unknown[];
        };
        parsedEvents += envelope.logEvents.length;
      }
    };
    // Inflating alone, over the gzip bytes decoded once: what node:zlib's part of the ceiling is.
    const gzipped = records.map((data) => Buffer.from(data, 'base64'));
    const inflatedBytes = gzipped.reduce((sum, member) => sum + gunzipSync(member).length, 0);
    const inflateNode = (): void => {
      for (const member of gzipped) gunzipSync(member);
    };
    let inflateNodeBest = Number.POSITIVE_INFINITY;
    runPipeline();
    runCeiling();
    runWithoutPrivacy();
    wireWithPrivacy();
    let wireBest = Number.POSITIVE_INFINITY;
    let wireCeilingBest = Number.POSITIVE_INFINITY;
    let pipelineBest = Number.POSITIVE_INFINITY;
    let ceilingBest = Number.POSITIVE_INFINITY;
    // The privacy costs: each round's pair as a ratio, the median kept. A pair runs side by side, so the
    // machine's load is the same for both; the best of each side apart compared two different moments, and
    // swung by tens of percent for the fastest types (a collection landing in one run and not the other).
    const privacyRatios: number[] = [];
    const privacyToWireRatios: number[] = [];
    let floorExtraBest = Number.POSITIVE_INFINITY;
    for (let round = 0; round < rounds; round++) {
      // Each pair runs side by side, its order swapped every round, so neither side always inherits the
      // other's garbage: what is compared is the pair's own difference.
      const swap = round % 2 === 1;
      const [pipelineTime, ceilingTime] = timePair(runPipeline, runCeiling, swap);
      const [withTime, withoutTime] = timePair(runPipeline, runWithoutPrivacy, swap);
      const [wireWith, wireWithout] = timePair(wireWithPrivacy, wireWithoutPrivacy, swap);
      // To the wire against the ceiling, as its own pair: the ratio the targets are set on.
      const [wireTime, wireCeiling] = timePair(wireWithPrivacy, runCeiling, swap);
      floorExtraBest = Math.min(floorExtraBest, time(runFloorExtra));
      inflateNodeBest = Math.min(inflateNodeBest, time(inflateNode));
      wireBest = Math.min(wireBest, wireTime);
      wireCeilingBest = Math.min(wireCeilingBest, wireCeiling);
      pipelineBest = Math.min(pipelineBest, pipelineTime);
      privacyRatios.push(withTime / withoutTime);
      ceilingBest = Math.min(ceilingBest, ceilingTime);
      privacyToWireRatios.push(wireWith / wireWithout);
    }
    if (parsedEvents !== events)
      throw new Error(`The ceiling parsed ${parsedEvents} events, expected ${events}.`);
    const pipelineEventsPerSec = events / pipelineBest;
    ceilingBest = Math.min(ceilingBest, wireCeilingBest);
    const ceilingEventsPerSec = events / ceilingBest;
    return {
      type,
      events,
      docs,
      pipelineEventsPerSec,
      ceilingEventsPerSec,
      ratio: pipelineEventsPerSec / ceilingEventsPerSec,
      privacyCost: median(privacyRatios) - 1,
      privacyCostToWire: median(privacyToWireRatios) - 1,
      wireEventsPerSec: events / wireBest,
      wireRatio: ceilingBest / wireBest,
      stringifyFloorRatio: ceilingBest / (ceilingBest + floorExtraBest),
      bulkBytesPerEvent: bulkBytes / events,
      inflateMBps: { nodeZlib: inflatedBytes / inflateNodeBest / 1e6 },
    };
  });
};

/** The times of `a` and `b`, run one after the other, `b` first when `swap`. */
const timePair = (a: () => void, b: () => void, swap: boolean): [number, number] => {
  if (!swap) {
    const first = time(a);
    return [first, time(b)];
  }
  const first = time(b);
  return [time(a), first];
};

const time = (fn: () => void): number => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};
