import { PutRecordBatchCommand, type PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose';
import { StreamMissingError } from './errors';
import { FIREHOSE_LIMITS } from './limits';
import { isNotFound, type PublishOptions, type PublishTotals, publishInCalls, THROTTLED } from './publish';
import type { StreamRecord } from './records';

/** The one call a Firehose publisher makes; a FirehoseClient fits. */
export interface PutRecordBatchSender {
  send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput>;
}

/**
 * PutRecordBatch in calls within Firehose's limits (500 records, 4 MiB per call, 1,000 KiB per record), as a
 * CloudWatch Logs subscription to Firehose delivers: one gzip envelope per record. Records Firehose refused
 * (`FailedPutCount > 0`, per-record `ErrorCode`) or a throttled call (`ServiceUnavailableException`) are
 * re-sent with exponential backoff; a missing delivery stream is a {@link StreamMissingError}.
 *
 * @example
 * ```ts
 * const totals = await publishToFirehose(new FirehoseClient({}), 'cwlpipe-archive', load.records);
 * ```
 */
export const publishToFirehose = (
  client: PutRecordBatchSender,
  deliveryStream: string,
  records: readonly StreamRecord[],
  options: PublishOptions = {},
): Promise<PublishTotals> =>
  publishInCalls(
    `Firehose delivery stream ${deliveryStream}`,
    records,
    options.limits ?? FIREHOSE_LIMITS,
    async (pending) => {
      try {
        const output = await client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: deliveryStream,
            Records: pending.map((record) => ({ Data: record.data })),
          }),
        );
        const refused = pending.flatMap((_, i) => {
          const result = output.RequestResponses?.[i];
          return result === undefined || result.ErrorCode !== undefined ? [i] : [];
        });
        const reason =
          output.RequestResponses?.find((entry) => entry.ErrorCode !== undefined)?.ErrorCode ?? 'no result';
        return { refused, reason };
      } catch (error) {
        if (isNotFound(error))
          throw new StreamMissingError(
            `The Firehose delivery stream ${deliveryStream} does not exist: ${(error as Error).message}`,
          );
        if (!THROTTLED.has((error as Error).name)) throw error;
        return { refused: pending.map((_, i) => i), reason: (error as Error).name };
      }
    },
    options,
  );
