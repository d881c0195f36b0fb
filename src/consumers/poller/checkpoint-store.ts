/** How far one shard has been read and fully delivered. */
export interface ShardCheckpoint {
  /** The last sequence number whose record, and every one before it, was fully delivered. */
  readonly sequenceNumber?: string;
  /** The shard is closed (resharded) and read to its end: its children may start. */
  readonly finished?: boolean;
}

/**
 * Where the poller remembers its position per shard, so a restart resumes instead of re-reading
 * the stream (records after the checkpoint are read again, which is harmless: ids are idempotent).
 * A local JSON file by default; a DynamoDB table or anything else can take its place.
 *
 * @example
 * ```ts
 * const store: CheckpointStore = new FileCheckpointStore('.cwlpipe/checkpoints.json');
 * const shards = await store.load('cwlpipe-logs');
 * await store.save('cwlpipe-logs', 'shardId-000000000000', { sequenceNumber: '4968…' });
 * ```
 */
export interface CheckpointStore {
  /** Every shard checkpoint saved for the stream, keyed by shard id. */
  load(stream: string): Promise<Map<string, ShardCheckpoint>>;
  /** Saved durably before it resolves. */
  save(stream: string, shardId: string, checkpoint: ShardCheckpoint): Promise<void>;
}

/** A store in memory only: for tests and throwaway runs. */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly streams = new Map<string, Map<string, ShardCheckpoint>>();

  public async load(stream: string): Promise<Map<string, ShardCheckpoint>> {
    return new Map(this.streams.get(stream));
  }

  public async save(stream: string, shardId: string, checkpoint: ShardCheckpoint): Promise<void> {
    let shards = this.streams.get(stream);
    if (shards === undefined) {
      shards = new Map();
      this.streams.set(stream, shards);
    }
    shards.set(shardId, checkpoint);
  }
}
