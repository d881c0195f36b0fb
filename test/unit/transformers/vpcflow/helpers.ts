import type { LogEvent, LogSource, TransformContext, VpcFormat } from '../../../../src/core';
import { DEFAULT_LIMITS } from '../../../../src/transformers/common';
import { parseVpcFormat } from '../../../../src/transformers/vpcflow/format';

export const SOURCE: LogSource = {
  owner: '418295730164',
  logGroup: '/aws/vpc/flowlogs/prod-use1',
  logStream: 'eni-0f3c9a1d2b4e5f607-all',
  subscriptionFilters: ['flowlogs-to-kinesis'],
};

/** A flow-log event; the CloudWatch Logs timestamp is deliberately not the flow's `start`. */
export const flowEvent = (message: string, timestamp = Date.UTC(2024, 4, 1, 12, 5, 0)): LogEvent => ({
  id: '38261983420958174938175634289123487650923817465091283746',
  timestamp,
  message,
});

export const contextWith = (vpcFormat?: VpcFormat): TransformContext => ({
  ingestedAt: '2026-01-01T00:00:00.000Z',
  limits: DEFAULT_LIMITS,
  ...(vpcFormat && { vpcFormat }),
});

export const formatOf = (formatString: string): VpcFormat => {
  const parsed = parseVpcFormat(formatString);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.format;
};
