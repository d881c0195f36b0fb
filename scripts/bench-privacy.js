#!/usr/bin/env node
// The cost of the default privacy rules, per log type, measured on the privacy stage alone: the
// documents the transformers make (privacy off) are run through the policy with the default rules as the
// pipeline runs it (an envelope's lines read for hints together, a CloudTrail line redacted whole before
// parsing where it can be, each document walked otherwise), and the time per document is set against the
// time the pipeline takes per event with every detector off.
// Each measured stretch is short and the best of many rounds is kept, so the figure holds on a loaded
// machine where `npm run bench` (whole runs, paired) swings by tens of percent. Run `npm run build` first.
//
//   node scripts/bench-privacy.js [rounds]

const { gzipSync } = require('node:zlib');
const { buildConfig, DETECTOR_NAMES, Pipeline, PrivacyPolicy } = require('../dist/pipeline');
const { syntheticEnvelopes, syntheticTypes } = require('../dist/dev/synthetic');
const { TRANSFORMERS } = require('../dist/transformers');

const rounds = Number(process.argv[2] ?? 40);
const off = buildConfig({
  privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, false])) },
});
// As many rounds again before timing: the code is optimised by then, and the privacy stage has read the
// 2 MB of lines after which it builds its hint filter (as a consumer that has run for a while has).
const best = (fn) => {
  for (let round = 0; round < rounds; round++) fn();
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    fn();
    least = Math.min(least, Number(process.hrtime.bigint() - start));
  }
  return least;
};

process.stdout.write('type        events  pipeline ns/event  privacy ns/event   share\n');
for (const type of syntheticTypes()) {
  const envelopes = [...syntheticEnvelopes({ type, envelopes: 20, eventsPerEnvelope: 100, seed: 1 })];
  const records = envelopes.map((envelope) => gzipSync(JSON.stringify(envelope)).toString('base64'));
  const pipeline = new Pipeline(off);
  // Per envelope: its lines (read for hints together, as the pipeline does) and the documents made from it.
  const batches = records.map((data, recordIndex) => ({
    envelope: envelopes[recordIndex],
    docs: pipeline.processBase64(data, { recordIndex }).docs,
  }));
  const events = envelopes.length * 100;
  const policy = PrivacyPolicy.compile(buildConfig().privacy);
  const parsesJsonLine = TRANSFORMERS.find((transformer) => transformer.id === type)?.parsesJsonLine === true;
  const perEvent =
    best(() => {
      records.forEach((data, recordIndex) => {
        pipeline.processBase64(data, { recordIndex });
      });
    }) / events;
  const privacy =
    best(() => {
      const counts = {};
      for (const { envelope, docs } of batches) {
        policy.scopeLines(envelope.logEvents, envelope.logGroup, envelope.logStream);
        for (const doc of docs) {
          const { body, event, source } = doc;
          // As the pipeline does: a JSON line redacted whole before parsing, or each document walked.
          const line = parsesJsonLine
            ? policy.redactJsonLine(event.message, source.logGroup, counts, source.logStream)
            : undefined;
          if (line === undefined)
            policy.apply(body, source.logGroup, counts, event.message, source.logStream);
        }
      }
    }) / events;
  process.stdout.write(
    `${type.padEnd(11)}${String(events).padStart(7)}${perEvent.toFixed(0).padStart(19)}${privacy.toFixed(0).padStart(18)}${`+${((privacy / perEvent) * 100).toFixed(0)}%`.padStart(8)}\n`,
  );
}
