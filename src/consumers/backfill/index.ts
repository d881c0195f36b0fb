export { archiveSlice } from './archive-source';
export {
  type BackfillCheckpoints,
  DEFAULT_BACKFILL_CHECKPOINTS,
  FileBackfillCheckpoints,
  NoCheckpoints,
  S3BackfillCheckpoints,
} from './checkpoints';
export { envelopesByStream, logGroupSlice } from './cloudwatch-source';
export { BackfillError } from './errors';
export { type LogGroupSelection, type LogGroupSource, ownerOf, resolveLogGroups } from './log-groups';
export {
  type BackfillReport,
  backfillSucceeded,
  type FailedSlice,
  formatBackfillReport,
  type WarehouseResync,
} from './report';
export { type BackfillDeps, type BackfillOptions, type BackfillProgress, runBackfill } from './run';
export { checkRange, describeRange, timeSlices } from './slices';
export { type BackfillSlice, emptyCounts, type SliceCounts, type TimeRange } from './types';
