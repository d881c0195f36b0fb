import { PutRecordsCommand, type PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { StreamMissingError } from './errors';
import { KINESIS_LIMITS } from './limits';
import { isNotFound, type PublishOptions, type PublishTotals, publishInCalls, THROTTLED } from './publish';
import type { StreamRecord } from './records';

/** The one call a Kinesis publisher makes; a KinesisClient fits. */
export interface PutRecordsSender {
  send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>;
}

/**
 * PutRecords in calls within the service limits, re-sending the entries Kinesis refused
 * (FailedRecordCount > 0, or a whole call throttled) with exponential backoff. A missing stream is a
 * {@link StreamMissingError}; records still refused after `maxAttempts` a `RecordsRefusedError`.
 *
 * @example
 * ```ts
 * const totals = await publishToKinesis(kinesisClient({ endpoint }), 'cwlpipe-local', load.records);
 * ```
 */
export const publishToKinesis = (
  client: PutRecordsSender,
  stream: string,
  records: readonly StreamRecord[],
  options: PublishOptions = {},
): Promise<PublishTotals> =>
  publishInCalls(
    `Kinesis stream ${stream}`,
    records,
    options.limits ?? KINESIS_LIMITS,
    async (pending) => {
      try {
        const output = await client.send(
          new PutRecordsCommand({
            StreamName: stream,
            Records: pending.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
          }),
        );
        const refused = pending.flatMap((_, i) => {
          const result = output.Records?.[i];
          return result === undefined || result.ErrorCode !== undefined ? [i] : [];
        });
        const reason =
          output.Records?.find((entry) => entry.ErrorCode !== undefined)?.ErrorCode ?? 'no result';
        return { refused, reason };
      } catch (error) {
        if (isNotFound(error))
          throw new StreamMissingError(
            `The Kinesis stream ${stream} does not exist: ${(error as Error).message}`,
          );
        if (!THROTTLED.has((error as Error).name)) throw error;
        return { refused: pending.map((_, i) => i), reason: (error as Error).name };
      }
    },
    options,
  );
