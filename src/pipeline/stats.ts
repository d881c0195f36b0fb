import { addCounts, bump, formatCounts, sumCounts } from './counts';
import type { RecordOutcome } from './run';

/**
 * Running counts over many records: what came in, what became documents, what was skipped or
 * set aside and why. Feeds the CLI summaries and the metrics.
 */
export class PipelineStats {
  public records = 0;
  public controlMessages = 0;
  public events = 0;
  public readonly docsByType: Record<string, number> = {};
  public readonly skippedByReason: Record<string, number> = {};
  public readonly setAsideByCode: Record<string, number> = {};
  /** Values redacted, by detector or rule name. */
  public readonly redactedByRule: Record<string, number> = {};
  /**
   * The earliest and latest `@timestamp` of the documents (the minutes a backfill must re-sync). Kept as the
   * ISO strings the documents hold, which sort as the times do (always `YYYY-MM-DDTHH:mm:ss.sssZ`), so no
   * date is parsed per document.
   */
  public earliestDocTime: string | undefined;
  public latestDocTime: string | undefined;

  public add(outcome: RecordOutcome): void {
    this.records++;
    if (outcome.control) this.controlMessages++;
    this.events += outcome.events;
    for (const doc of outcome.docs) {
      bump(this.docsByType, doc.type);
      this.seeDocTime(doc.body['@timestamp']);
    }
    for (const [reason, count] of Object.entries(outcome.skipped)) bump(this.skippedByReason, reason, count);
    for (const item of outcome.setAside) bump(this.setAsideByCode, item.code);
    addCounts(this.redactedByRule, outcome.redacted);
  }

  /** Adds another run's counts (one batch's, into a whole run's). */
  public merge(other: PipelineStats): void {
    this.records += other.records;
    this.controlMessages += other.controlMessages;
    this.events += other.events;
    addCounts(this.docsByType, other.docsByType);
    addCounts(this.skippedByReason, other.skippedByReason);
    addCounts(this.setAsideByCode, other.setAsideByCode);
    addCounts(this.redactedByRule, other.redactedByRule);
    if (other.earliestDocTime !== undefined) this.seeDocTime(other.earliestDocTime);
    if (other.latestDocTime !== undefined) this.seeDocTime(other.latestDocTime);
  }

  private seeDocTime(iso: string): void {
    if (this.earliestDocTime === undefined || iso < this.earliestDocTime) this.earliestDocTime = iso;
    if (this.latestDocTime === undefined || iso > this.latestDocTime) this.latestDocTime = iso;
  }

  /** The counts as one plain object, for structured logs. */
  public toJSON(): Record<string, unknown> {
    return {
      records: this.records,
      controlMessages: this.controlMessages,
      events: this.events,
      docsByType: this.docsByType,
      skippedByReason: this.skippedByReason,
      setAsideByCode: this.setAsideByCode,
      redactedByRule: this.redactedByRule,
    };
  }

  public get docs(): number {
    return sumCounts(this.docsByType);
  }

  public get skipped(): number {
    return sumCounts(this.skippedByReason);
  }

  public get setAside(): number {
    return sumCounts(this.setAsideByCode);
  }

  public get redacted(): number {
    return sumCounts(this.redactedByRule);
  }

  /** A few human lines: the summary printed at the end of a command. */
  public summary(): string {
    const lines = [
      `records: ${this.records} (control messages: ${this.controlMessages})`,
      `events in: ${this.events}`,
      `documents out: ${this.docs}${formatCounts(this.docsByType)}`,
      `skipped: ${this.skipped}${formatCounts(this.skippedByReason)}`,
      `set aside: ${this.setAside}${formatCounts(this.setAsideByCode)}`,
      `redacted: ${this.redacted}${formatCounts(this.redactedByRule)}`,
    ];
    return lines.join('\n');
  }
}
