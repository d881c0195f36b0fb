export { putBatches, recordBytes } from './batches';
export { RecordsRefusedError, ReplayError, StreamMissingError } from './errors';
export { type PutRecordBatchSender, publishToFirehose } from './firehose';
export { type PutRecordsSender, publishToKinesis } from './kinesis';
export { FIREHOSE_LIMITS, KINESIS_LIMITS, type PutLimits } from './limits';
export { type PublishOptions, type PublishTotals, publishInCalls } from './publish';
export {
  envelopesWithin,
  partitionKeyOf,
  type ReplayLoad,
  replayRecords,
  type StreamRecord,
} from './records';
