import { gzipSync } from 'node:zlib';
import type { PipelineDoc } from '../../src/core';
import { syntheticEnvelopes, syntheticTypes } from '../../src/local/synthetic';
import { buildConfig, DETECTOR_NAMES, Pipeline, PrivacyPolicy } from '../../src/pipeline';

const EVENTS_PER_ENVELOPE = 100;

/**
 * The least of `rounds` timed runs of `fn`, in nanoseconds, after as many untimed ones: the code is
 * optimised by then, as in a consumer that has run for a while.
 */
const best = (rounds: number, fn: () => void): number => {
  for (let round = 0; round < rounds; round++) fn();
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    fn();
    least = Math.min(least, Number(process.hrtime.bigint() - start));
  }
  return least;
};

/**
 * `npm run bench:privacy [rounds]`: the cost of the default privacy rules per log type, measured on the
 * privacy stage alone. The documents the transformers make (privacy off) are run through the policy with
 * the default rules, each document as the pipeline hands it over, and the time per document is set against
 * the time the pipeline takes per event with every detector off. Each measured stretch is short and the
 * best of many rounds is kept, so the figure holds on a loaded machine where `npm run bench` (whole runs,
 * paired) swings by tens of percent.
 *
 * @example
 * ```ts
 * main(['node', 'bench-privacy', '10']); // prints one line per log type
 * ```
 */
export const main = (argv: readonly string[]): void => {
  const rounds = Number(argv[2] ?? 40);
  if (!Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write(`bench-privacy: rounds must be a whole number ≥ 1, not "${argv[2]}".\n`);
    process.exitCode = 2;
    return;
  }
  const off = buildConfig({
    privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, false])) },
  });
  const policy = PrivacyPolicy.compile(buildConfig().privacy);
  process.stdout.write('type        events  pipeline ns/event  privacy ns/event   share\n');
  for (const type of syntheticTypes()) {
    const envelopes = [
      ...syntheticEnvelopes({ type, envelopes: 20, eventsPerEnvelope: EVENTS_PER_ENVELOPE, seed: 1 }),
    ];
    const records = envelopes.map((envelope) => gzipSync(JSON.stringify(envelope)).toString('base64'));
    const pipeline = new Pipeline(off);
    const docs: PipelineDoc[] = records.flatMap(
      (data, recordIndex) => pipeline.processBase64(data, { recordIndex }).docs,
    );
    const events = envelopes.length * EVENTS_PER_ENVELOPE;
    const perEvent =
      best(rounds, () => {
        records.forEach((data, recordIndex) => {
          pipeline.processBase64(data, { recordIndex });
        });
      }) / events;
    const privacy =
      best(rounds, () => {
        const counts: Record<string, number> = {};
        for (const { body, event, source } of docs)
          policy.apply(body, source.logGroup, counts, event.message);
      }) / events;
    process.stdout.write(
      `${type.padEnd(11)}${String(events).padStart(7)}${perEvent.toFixed(0).padStart(19)}${privacy.toFixed(0).padStart(18)}${`+${((privacy / perEvent) * 100).toFixed(0)}%`.padStart(8)}\n`,
    );
  }
};
