export { backoffMs, DEFAULT_BACKOFF, sleep } from './backoff';
export { type CheckpointStore, MemoryCheckpointStore, type ShardCheckpoint } from './checkpoint-store';
export { engineDelivery } from './deliver';
export { DEFAULT_CHECKPOINT_FILE, FileCheckpointStore } from './file-checkpoint-store';
export {
  ensureStream,
  type KinesisClientOptions,
  kinesisClient,
  waitForStreamActive,
} from './kinesis-client';
export { DEFAULT_POLLER_OPTIONS, KinesisPoller, type PollerDeps } from './poller';
export { lastBeforeFirstFailure } from './shard-reader';
export { stopOnSignals } from './signals';
export type * from './types';
