import type { Connector, DeadLetter, DeadLetterSink, DeliveryReport, PipelineDoc } from '../core';

/**
 * The Firehose handler's destination: Firehose itself delivers, so the engine's documents and set-asides
 * are collected per input record, to become that record's result. Nothing here can fail, so every
 * document is delivered and every letter written; the engine's own rules still decide what is unfinished.
 *
 * @example
 * ```ts
 * const collector = new FirehoseCollector();
 * await processBatch(inputs, { pipeline, connectors: [collector], deadLetters: collector }, deadline);
 * collector.docsOf(0); // the first record's documents
 * ```
 */
export class FirehoseCollector implements Connector, DeadLetterSink {
  public readonly id = 'firehose-response';
  private readonly docs = new Map<number, PipelineDoc[]>();
  private readonly letters = new Map<number, DeadLetter[]>();

  public async deliver(docs: readonly PipelineDoc[]): Promise<DeliveryReport> {
    for (const doc of docs) append(this.docs, doc.origin.recordIndex, doc);
    return { delivered: docs.length, retryable: [], rejected: [] };
  }

  public async write(letters: readonly DeadLetter[]): Promise<{ written: number; failed: DeadLetter[] }> {
    for (const letter of letters) append(this.letters, letter.origin.recordIndex, letter);
    return { written: letters.length, failed: [] };
  }

  public docsOf(recordIndex: number): readonly PipelineDoc[] {
    return this.docs.get(recordIndex) ?? [];
  }

  public lettersOf(recordIndex: number): readonly DeadLetter[] {
    return this.letters.get(recordIndex) ?? [];
  }
}

const append = <T>(map: Map<number, T[]>, key: number, item: T): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
};
