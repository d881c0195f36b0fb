export { putBatches, recordBytes } from './batches';
export { RecordsRefusedError, ReplayError, StreamMissingError } from './errors';
export { KINESIS_LIMITS, type PutLimits } from './limits';
export { type PublishOptions, type PublishTotals, type PutRecordsSender, publishToKinesis } from './publish';
export {
  envelopesWithin,
  partitionKeyOf,
  type ReplayLoad,
  replayRecords,
  type StreamRecord,
} from './records';
