import {
  type Connector,
  type DeadLetter,
  type DeadLetterSink,
  type DeadLetterStore,
  deadlineIn,
  type LetterFilter,
} from '../core';
import { type Pipeline, processBatch } from '../pipeline';

/** What a redrive did. */
export interface RedriveResult {
  /** Letters run through the pipeline again. */
  tried: number;
  /** Letters that now went through, deleted. */
  resolved: number;
  /** Letters that still fail, kept, with how they fail now. */
  stillFailing: Array<{ id: string; code: string; reason: string }>;
}

/**
 * A source like the others: it reads letters back from a {@link DeadLetterStore} and runs their raw
 * records and events through the engine with the current pipeline and connectors. A letter whose
 * documents are now all delivered (or which now makes no document at all) is deleted; the others stay
 * as they are. Safe to repeat: documents keep their `_id`, letters theirs.
 *
 * @example
 * ```ts
 * const result = await redriveLetters(new OpenSearchLetterStore(client), { code: 'mapper_parsing_exception' }, { pipeline, connectors });
 * ```
 */
export const redriveLetters = async (
  store: DeadLetterStore,
  filter: LetterFilter,
  deps: { pipeline: Pipeline; connectors: readonly Connector[]; pageSize?: number; timeoutMs?: number },
): Promise<RedriveResult> => {
  const result: RedriveResult = { tried: 0, resolved: 0, stillFailing: [] };
  let cursor: unknown;
  for (;;) {
    const page = await store.page(filter, deps.pageSize ?? 500, cursor);
    if (page.letters.length === 0) break;
    cursor = page.cursor;
    // What fails again is not written anywhere new: the letter it came from stays in the store.
    const captured: DeadLetter[] = [];
    const capture: DeadLetterSink = {
      id: 'redrive-capture',
      write: async (letters) => {
        captured.push(...letters);
        return { written: letters.length, failed: [] };
      },
    };
    const batch = await processBatch(
      page.letters.map((letter) => letter.input),
      { pipeline: deps.pipeline, connectors: deps.connectors, deadLetters: capture },
      deadlineIn(deps.timeoutMs ?? 120_000),
    );
    const failing = new Map<number, { code: string; reason: string }>();
    for (const failure of batch.failed)
      failing.set(failure.index, { code: failure.code, reason: `still ${failure.cause}` });
    for (const letter of captured) failing.set(letter.origin.recordIndex, letter);
    const resolved = page.letters.filter((_, index) => !failing.has(index));
    for (const [index, failure] of failing) {
      const found = page.letters[index];
      if (found) result.stillFailing.push({ id: found.id, code: failure.code, reason: failure.reason });
    }
    await store.remove(resolved);
    result.tried += page.letters.length;
    result.resolved += resolved.length;
    if (cursor === undefined) break;
  }
  return result;
};
