import type {
  LogEvent,
  LogSource,
  TransformContext,
  Transformer,
  TransformResult,
  VpcFormat,
} from '../../core';
import { baseDoc, invalid, keepsMessage, ok, skip } from '../common';
import { VPC_FIELDS } from './fields';
import { DEFAULT_VPC_FORMAT } from './format';
import { IP, LineProblem, readLine } from './line';
import { planFor, type VpcPlan } from './plan';
import { fitsVpcFormat } from './sniff';

const quote = (token: string): string => JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token);

const fieldCountProblem = (found: number, plan: VpcPlan, source: LogSource): TransformResult => {
  const format = plan.header.length > 240 ? `${plan.header.slice(0, 240)}…` : plan.header;
  return invalid(
    'vpc_field_count',
    `A VPC flow log line in log group ${source.logGroup} has ${found} field${found === 1 ? '' : 's'} ` +
      `where its format expects ${plan.size} (${format}); if the log group writes a custom format, ` +
      'configure it as the vpcFormat of the log group.',
  );
};

const badValueProblem = (plan: VpcPlan, index: number, token: string, source: LogSource): TransformResult => {
  const isAddress = plan.kinds[index] === IP;
  return invalid(
    isAddress ? 'vpc_not_an_ip' : 'vpc_not_a_number',
    `A VPC flow log line in log group ${source.logGroup} has ${quote(token)} as ${plan.awsNames[index]} ` +
      `(field ${index + 1}), which is not ${isAddress ? 'an IPv4 or IPv6 address' : 'a whole number'}.`,
  );
};

/**
 * VPC Flow Logs: one space-separated line per flow, read with the log group's format (the 14
 * version-2 fields unless configured). Each value lands in `vpc.<field>` (AWS name, `-` → `_`),
 * numbers as numbers, addresses as `ip`, `-` as absent; `@timestamp` is `start` when the line has
 * one, else the CloudWatch Logs time; `protocol_name` is added for known protocol numbers.
 *
 * `2 418295730164 eni-0f3c9a1d2b4e5f607 10.0.1.5 172.31.16.139 49152 443 6 10 840 1714564800 1714564860 ACCEPT OK`
 * becomes `{ '@type': 'vpcflow', '@timestamp': '2024-05-01T12:00:00.000Z', vpc: { version: 2,
 * account_id: '418295730164', interface_id: 'eni-0f3c9a1d2b4e5f607', srcaddr: '10.0.1.5',
 * dstaddr: '172.31.16.139', srcport: 49152, dstport: 443, protocol: 6, protocol_name: 'TCP',
 * packets: 10, bytes: 840, start: 1714564800, end: 1714564860, action: 'ACCEPT', log_status: 'OK' }, … }`.
 *
 * No `@message`: every value of the line is a field (kept with the log group's `preserveOriginal`).
 *
 * A header line (`version account-id …`) is skipped as `vpc_header_line`; a line with the wrong
 * number of fields, a non-number in a number field or a non-address in an address field is invalid.
 */
export const vpcflowTransformer: Transformer = {
  id: 'vpcflow',
  mayOmitMessage: true,
  fields: VPC_FIELDS,
  // Sniffing knows only the default format: custom formats are routed by log-group configuration.
  matches: (event: LogEvent, _source: LogSource, context?: TransformContext): boolean =>
    fitsVpcFormat(event.message, context?.vpcFormat),
  transform: (event: LogEvent, source: LogSource, context: TransformContext): TransformResult => {
    const plan = planOf(context.vpcFormat ?? DEFAULT_VPC_FORMAT);
    const vpc = readLine(event.message, plan);
    if (vpc instanceof LineProblem) return problem(vpc, plan, source);
    const start = vpc.start;
    const eventTimeMs = typeof start === 'number' ? start * 1000 : undefined;
    // Every value of a line that reads became a field (`-` is absence, not a value): `@message` would
    // store the flow twice. A line that does not read is set aside with its raw text.
    const doc = baseDoc('vpcflow', event, source, context, eventTimeMs, keepsMessage(true, context));
    doc.vpc = vpc;
    return ok(doc);
  },
};

const problem = (line: LineProblem, plan: VpcPlan, source: LogSource): TransformResult => {
  switch (line.kind) {
    case 'empty':
      return skip('empty_message');
    case 'header':
      return skip('vpc_header_line');
    case 'field_count':
      return fieldCountProblem(line.at, plan, source);
    case 'bad_value':
      return badValueProblem(plan, line.at, line.token, source);
  }
};

// One log group's events arrive together: remembering the last plan skips the WeakMap per event.
let lastFormat: VpcFormat | undefined;
let lastPlan: VpcPlan | undefined;

const planOf = (format: VpcFormat): VpcPlan => {
  if (format !== lastFormat || lastPlan === undefined) {
    lastPlan = planFor(format);
    lastFormat = format;
  }
  return lastPlan;
};

export { fitsVpcFormat } from './sniff';
