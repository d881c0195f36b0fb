import { type KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { describeError, PipelineError } from '../../core';
import { backoffMs, DEFAULT_BACKOFF, sleep } from './backoff';
import type { CheckpointStore } from './checkpoint-store';
import { readShardTurn, type ShardPosition, type TurnEnd } from './shard-reader';
import type { DeliverBatch, PollerObserver, PollerOptions, PollerProgress, ShardProgress } from './types';

export const DEFAULT_POLLER_OPTIONS: PollerOptions = {
  drain: false,
  maxConcurrentShards: 8,
  batchLimit: 1_000,
  idlePollMs: 1_000,
  shardSyncMs: 10_000,
  batchesPerTurn: 20,
  backoff: DEFAULT_BACKOFF,
  maxConsecutiveErrors: 10,
};

export interface PollerDeps {
  readonly client: KinesisClient;
  readonly stream: string;
  readonly store: CheckpointStore;
  readonly deliver: DeliverBatch;
  readonly observer?: PollerObserver;
}

interface ShardSlot {
  readonly position: ShardPosition;
  parents: string[];
  finished: boolean;
  /** Drain mode: read to its tip once; not read again. */
  caughtUp: boolean;
  running: boolean;
  /** Follow mode: a shard at its tip is read again after `idlePollMs`. */
  notBefore: number;
}

/**
 * A long-running Kinesis consumer (local runs, the ECS task). It lists shards, reads each with
 * GetShardIterator/GetRecords with bounded concurrency, checkpoints per shard, resumes from the
 * checkpoints after a restart and follows resharding: a child shard starts only once its parents are
 * read to their end. `stop()` lets every in-flight batch finish and be checkpointed. In drain mode
 * `run()` returns when every shard is read to its tip.
 *
 * @example
 * ```ts
 * const poller = new KinesisPoller({ client, stream: 'cwlpipe-logs', store, deliver }, { drain: true });
 * process.once('SIGTERM', () => poller.stop());
 * const progress = await poller.run();
 * ```
 */
export class KinesisPoller {
  public readonly options: PollerOptions;
  public readonly progress: PollerProgress = {
    records: 0,
    batches: 0,
    retriedBatches: 0,
    throttles: 0,
    millisBehindLatest: 0,
    shards: new Map(),
  };
  private readonly controller = new AbortController();
  private readonly slots = new Map<string, ShardSlot>();
  /** Set when a turn ends or stop() is called, so the scheduler never sleeps through it. */
  private woken = false;
  private wakeWaiter: (() => void) | undefined;

  public constructor(
    private readonly deps: PollerDeps,
    options: Partial<PollerOptions> = {},
  ) {
    this.options = { ...DEFAULT_POLLER_OPTIONS, ...options };
  }

  /** Asks the poller to stop: in-flight batches finish and are checkpointed, then `run()` resolves. */
  public stop(): void {
    this.controller.abort();
    this.wake();
  }

  private wake(): void {
    this.woken = true;
    this.wakeWaiter?.();
  }

  public get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  /** Runs until stopped (or, in drain mode, until every shard is at its tip); rejects on a fatal error. */
  public async run(): Promise<PollerProgress> {
    const signal = this.controller.signal;
    const checkpoints = await this.deps.store.load(this.deps.stream);
    const running = new Set<Promise<void>>();
    let fatal: unknown;
    let lastSync = 0;
    let resync = true;

    while (!signal.aborted && fatal === undefined) {
      if (resync || Date.now() - lastSync >= this.options.shardSyncMs) {
        const shards = await this.listShardsRetrying();
        if (shards === undefined) break; // stopped while waiting to retry
        this.sync(shards, checkpoints);
        lastSync = Date.now();
        resync = false;
      }
      const now = Date.now();
      const ready = [...this.slots.values()]
        .filter((slot) => this.isReady(slot, now))
        .sort((a, b) => a.notBefore - b.notBefore || a.position.shardId.localeCompare(b.position.shardId));
      for (const slot of ready.slice(0, this.options.maxConcurrentShards - running.size)) {
        slot.running = true;
        this.setState(slot.position.shardId, 'reading');
        const turn: Promise<void> = this.turn(slot)
          .then((end) => {
            if (end.kind === 'finished') resync = true; // its children may start now
          })
          .catch((error: unknown) => {
            fatal ??= error;
            this.controller.abort();
          })
          .finally(() => {
            slot.running = false;
            running.delete(turn);
            this.wake();
          });
        running.add(turn);
      }
      // In drain mode nothing running means every shard is at its end, its tip, or behind such a parent.
      if (this.options.drain && running.size === 0 && !resync) {
        // One more listing: a shard may have been split or merged since the last one.
        const shards = await this.listShardsRetrying();
        if (shards === undefined) break;
        this.sync(shards, checkpoints);
        if (this.readyCount(Date.now()) === 0) break;
        continue;
      }
      await this.waitForWork(now, lastSync + this.options.shardSyncMs);
    }
    await Promise.all(running);
    if (fatal !== undefined) throw fatal;
    return this.progress;
  }

  private async turn(slot: ShardSlot): Promise<TurnEnd> {
    const { observer = {} } = this.deps;
    const end = await readShardTurn(slot.position, {
      ...this.deps,
      options: this.options,
      signal: this.controller.signal,
      observer: {
        ...observer,
        onBatch: (shardId, records, failed, millisBehindLatest) => {
          this.record(shardId, records, failed, millisBehindLatest);
          observer.onBatch?.(shardId, records, failed, millisBehindLatest);
        },
        onRetry: (shardId, reason, waitMs) => {
          if (reason === 'throttled') this.progress.throttles++;
          observer.onRetry?.(shardId, reason, waitMs);
        },
      },
    });
    const shard = this.shardProgress(slot.position.shardId);
    if (slot.position.sequenceNumber !== undefined) shard.checkpoint = slot.position.sequenceNumber;
    if (end.kind === 'finished') {
      slot.finished = true;
      this.setState(slot.position.shardId, 'finished');
    } else if (end.kind === 'caught_up') {
      slot.caughtUp = this.options.drain;
      slot.notBefore = Date.now() + this.options.idlePollMs;
      this.setState(slot.position.shardId, 'caught_up');
    } else if (end.kind === 'yielded') {
      this.setState(slot.position.shardId, 'waiting');
    }
    return end;
  }

  /** Adds shards not seen yet (from their checkpoints); a shard gone from the listing is left alone. */
  private sync(
    shards: Shard[],
    checkpoints: Map<string, { sequenceNumber?: string; finished?: boolean }>,
  ): void {
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (shardId === undefined) continue;
      const slot = this.slots.get(shardId);
      const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter(
        (parent): parent is string => parent !== undefined,
      );
      if (slot !== undefined) {
        slot.parents = parents;
        continue;
      }
      const checkpoint = checkpoints.get(shardId);
      this.slots.set(shardId, {
        position: {
          shardId,
          ...(checkpoint?.sequenceNumber !== undefined && { sequenceNumber: checkpoint.sequenceNumber }),
        },
        parents,
        finished: checkpoint?.finished === true,
        caughtUp: false,
        running: false,
        notBefore: 0,
      });
      const progress = this.shardProgress(shardId);
      if (checkpoint?.sequenceNumber !== undefined) progress.checkpoint = checkpoint.sequenceNumber;
      this.setState(shardId, checkpoint?.finished === true ? 'finished' : 'waiting');
    }
  }

  private isReady(slot: ShardSlot, now: number): boolean {
    if (slot.running || slot.finished || slot.caughtUp || slot.notBefore > now) return false;
    return this.parentsDone(slot);
  }

  private parentsDone(slot: ShardSlot): boolean {
    // A parent no longer listed has expired from the stream: nothing of it is left to read.
    return slot.parents.every((parent) => this.slots.get(parent)?.finished ?? true);
  }

  private readyCount(now: number): number {
    return [...this.slots.values()].filter((slot) => this.isReady(slot, now)).length;
  }

  /** Sleeps until a turn ends, a shard at its tip is due again, or the shard list is due for a refresh. */
  private async waitForWork(now: number, nextSync: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    const due = [...this.slots.values()]
      .filter((slot) => !slot.running && !slot.finished && !slot.caughtUp && slot.notBefore > now)
      .map((slot) => slot.notBefore);
    const until = Math.min(nextSync, ...due);
    const woken = new Promise<void>((resolve) => {
      this.wakeWaiter = resolve;
    });
    await Promise.race([woken, sleep(Math.max(until - now, 1), this.controller.signal)]);
    this.wakeWaiter = undefined;
    this.woken = false;
  }

  /** ListShards, retried with backoff on any error up to `maxConsecutiveErrors`; undefined once stopped. */
  private async listShardsRetrying(): Promise<Shard[] | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.listShards();
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'ResourceNotFoundException' || attempt > this.options.maxConsecutiveErrors) {
          throw new PipelineError(
            'config',
            'kinesis_list_failed',
            `Listing the shards of stream ${this.deps.stream} failed: ${describeError(error)}`,
            { cause: error },
          );
        }
        const waitMs = backoffMs(attempt, this.options.backoff);
        if (name.includes('Throttl') || name === 'LimitExceededException') this.progress.throttles++;
        this.deps.observer?.onRetry?.('(shard list)', describeError(error), waitMs);
        await sleep(waitMs, this.controller.signal);
        if (this.stopping) return undefined;
      }
    }
  }

  private async listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      // ListShards takes either the stream name or a NextToken, never both.
      const output = await this.deps.client.send(
        new ListShardsCommand(
          nextToken === undefined ? { StreamName: this.deps.stream } : { NextToken: nextToken },
        ),
      );
      shards.push(...(output.Shards ?? []));
      nextToken = output.NextToken;
    } while (nextToken !== undefined);
    return shards;
  }

  private record(
    shardId: string,
    records: number,
    failed: number,
    millisBehindLatest: number | undefined,
  ): void {
    const shard = this.shardProgress(shardId);
    shard.records += records;
    if (millisBehindLatest !== undefined) shard.millisBehindLatest = millisBehindLatest;
    this.progress.records += records;
    if (records > 0) this.progress.batches++;
    if (failed > 0) this.progress.retriedBatches++;
    this.progress.millisBehindLatest = Math.max(
      0,
      ...[...this.progress.shards.values()].map((item) => item.millisBehindLatest ?? 0),
    );
  }

  private shardProgress(shardId: string): ShardProgress {
    let shard = this.progress.shards.get(shardId);
    if (shard === undefined) {
      shard = { state: 'waiting', records: 0 };
      this.progress.shards.set(shardId, shard);
    }
    return shard;
  }

  private setState(shardId: string, state: ShardProgress['state']): void {
    const shard = this.shardProgress(shardId);
    if (shard.state === state) return;
    shard.state = state;
    this.deps.observer?.onShardStateChange?.(shardId, state);
  }
}
