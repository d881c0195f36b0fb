import type { Connector, DeadLetter, DeadLetterSink, DeliveryReport, PipelineDoc } from '../../../src/core';

// In-memory doubles of our own plug-in interfaces (not of any server), for the engine and handler tests.

export type Verdict = 'delivered' | 'retryable' | 'rejected';

/** A connector double: classifies each document by its message, and remembers every call. */
export class ScriptedConnector implements Connector {
  public readonly calls: PipelineDoc[][] = [];

  public constructor(
    public readonly id: string,
    private readonly verdict: (doc: PipelineDoc) => Verdict = () => 'delivered',
  ) {}

  public async deliver(docs: readonly PipelineDoc[]): Promise<DeliveryReport> {
    this.calls.push([...docs]);
    const report: DeliveryReport = { delivered: 0, retryable: [], rejected: [] };
    for (const doc of docs) {
      const verdict = this.verdict(doc);
      if (verdict === 'delivered') report.delivered++;
      else if (verdict === 'retryable') report.retryable.push({ doc, code: 'http_429', reason: 'throttled' });
      else report.rejected.push({ doc, code: 'mapper_parsing_exception', reason: 'bad field' });
    }
    return report;
  }
}

export class ThrowingConnector implements Connector {
  public readonly id = 'broken';
  public async deliver(): Promise<DeliveryReport> {
    throw new Error('socket hang up');
  }
}

/** A dead-letter sink double: keeps letters in memory, refusing the ones `refuse` picks. */
export class MemorySink implements DeadLetterSink {
  public readonly id = 'memory';
  public readonly letters: DeadLetter[] = [];

  public constructor(private readonly refuse: (letter: DeadLetter) => boolean = () => false) {}

  public async write(letters: readonly DeadLetter[]): Promise<{ written: number; failed: DeadLetter[] }> {
    const failed = letters.filter(this.refuse);
    this.letters.push(...letters.filter((letter) => !this.refuse(letter)));
    return { written: letters.length - failed.length, failed };
  }
}
