import { letterId } from '../../src/connectors/deadletter/opensearch-sink';
import { indexNameFor } from '../../src/connectors/opensearch/index-name';
import type { LogType } from '../../src/core';
import type { Pipeline } from '../../src/pipeline';

/** One document the pipeline makes of a record, named as OpenSearch will hold it. */
export interface ExpectedDoc {
  /** `<index>/<_id>`: unique in the cluster. */
  readonly key: string;
  readonly type: LogType;
  readonly id: string;
  readonly message: string;
}

/** What a dry run says a set of records becomes: documents, letters, skips and control messages. */
export interface Expectation {
  readonly records: number;
  events: number;
  readonly docs: Map<string, ExpectedDoc>;
  /** Letters of the decode and transform stages, by letter id (the dead-letter index's `_id`). */
  readonly letters: Map<string, { readonly stage: string; readonly code: string }>;
  readonly skipped: Record<string, number>;
  control: number;
}

export const emptyExpectation = (): Expectation => ({
  records: 0,
  events: 0,
  docs: new Map(),
  letters: new Map(),
  skipped: {},
  control: 0,
});

/**
 * Runs records through the same pipeline (decode → route → transform, no delivery) as the consumers will,
 * with their configuration, and says what they must become. For the hostile corpus, whose outcome by
 * design is whatever the pipeline decides (a letter with this code, a document kept as text…): the chaos
 * run checks that faults change none of it. Generated events are checked against their raw lines instead.
 *
 * @example
 * ```ts
 * const expected = dryRun(hostile, new Pipeline(buildConfig()), 'chaos-poller');
 * expected.letters.size; // 17
 * ```
 */
export const dryRun = (
  records: Iterable<{ readonly data: Uint8Array | string }>,
  pipeline: Pipeline,
  prefix: string,
  into: Expectation = emptyExpectation(),
): Expectation => {
  let recordIndex = 0;
  for (const record of records) {
    (into as { records: number }).records++;
    const outcome =
      typeof record.data === 'string'
        ? pipeline.process({ kind: 'base64', data: record.data, origin: { recordIndex } })
        : pipeline.process({ kind: 'bytes', bytes: record.data, origin: { recordIndex } });
    recordIndex++;
    into.events += outcome.events;
    if (outcome.control) into.control++;
    for (const [reason, count] of Object.entries(outcome.skipped)) {
      into.skipped[reason] = (into.skipped[reason] ?? 0) + count;
    }
    for (const letter of outcome.setAside) {
      into.letters.set(letterId(letter), { stage: letter.stage, code: letter.code });
    }
    for (const doc of outcome.docs) {
      const id = String(doc.body['@id']);
      const key = `${indexNameFor(doc.type, doc.body['@timestamp'], { prefix })}/${id}`;
      into.docs.set(key, { key, type: doc.type, id, message: doc.event.message });
    }
  }
  return into;
};
