import { baseDoc, invalid, ok, skip } from '../common';
import type { LogEvent, LogSource, TransformContext, Transformer, TransformResult } from '../types';
import { PROTOCOL_NAME_FIELD, VPC_FIELDS } from './fields';
import { DEFAULT_VPC_FORMAT } from './format';
import { IP, isHeaderLine, KEYWORD, mayBeHeaderLine, planFor, type Step, type VpcPlan } from './plan';
import { protocolName } from './protocols';
import { fitsVpcFormat } from './sniff';
import { isIpAddress, NOT_A_COUNT, parseCount } from './values';

const WHITESPACE = /\s+/;

/** Tokens of a line: one native split on the fast path, a whitespace split for anything untidy. */
const tokenize = (message: string, size: number): string[] => {
  const tokens = message.split(' ');
  if (tokens.length === size && isTidy(message, tokens)) return tokens;
  const trimmed = message.trim();
  return trimmed.length === 0 ? [] : trimmed.split(WHITESPACE);
};

// Single spaces only, nothing blank around the line (a trailing newline, a leading tab).
const isTidy = (message: string, tokens: readonly string[]): boolean => {
  if (message.charCodeAt(0) <= 32 || message.charCodeAt(message.length - 1) <= 32) return false;
  for (const token of tokens) if (token.length === 0) return false;
  return true;
};

const quote = (token: string): string => JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token);

const fieldCountMessage = (found: number, plan: VpcPlan, source: LogSource): string => {
  const header = plan.header.length > 240 ? `${plan.header.slice(0, 240)}…` : plan.header;
  return (
    `A VPC flow log line in log group ${source.logGroup} has ${found} field${found === 1 ? '' : 's'} ` +
    `where its format expects ${plan.size} (${header}); if the log group writes a custom format, ` +
    'configure it as the vpcFormat of the log group.'
  );
};

const badValue = (step: Step, position: number, token: string, source: LogSource): TransformResult =>
  step.kind === IP
    ? invalid(
        'vpc_not_an_ip',
        `A VPC flow log line in log group ${source.logGroup} has ${quote(token)} as ${step.awsName} ` +
          `(field ${position + 1}), which is not an IPv4 or IPv6 address.`,
      )
    : invalid(
        'vpc_not_a_number',
        `A VPC flow log line in log group ${source.logGroup} has ${quote(token)} as ${step.awsName} ` +
          `(field ${position + 1}), which is not a whole number.`,
      );

/**
 * VPC Flow Logs: one space-separated line per flow, read with the log group's format (the 14
 * version-2 fields unless configured). Each value lands in `vpc.<field>` (AWS name, `-` → `_`),
 * numbers as numbers, addresses as `ip`, `-` as absent; `@timestamp` is `start`.
 *
 * `2 418295730164 eni-0f3c9a1d2b4e5f607 10.0.1.5 172.31.16.139 49152 443 6 10 840 1714564800 1714564860 ACCEPT OK`
 * becomes `{ '@type': 'vpcflow', '@timestamp': '2024-05-01T12:00:00.000Z', vpc: { version: 2,
 * account_id: '418295730164', interface_id: 'eni-0f3c9a1d2b4e5f607', srcaddr: '10.0.1.5',
 * dstaddr: '172.31.16.139', srcport: 49152, dstport: 443, protocol: 6, protocol_name: 'TCP',
 * packets: 10, bytes: 840, start: 1714564800, end: 1714564860, action: 'ACCEPT', log_status: 'OK' }, … }`.
 *
 * A header line (`version account-id …`) is skipped as `vpc_header_line`; a line with the wrong
 * number of fields, a non-number in a number field or a non-address in an address field is invalid.
 */
export const vpcflowTransformer: Transformer = {
  id: 'vpcflow',
  fields: VPC_FIELDS,
  // Sniffing only knows the default format: custom formats are routed by log-group configuration.
  matches: (event: LogEvent): boolean => fitsVpcFormat(event.message),
  transform: (event: LogEvent, source: LogSource, context: TransformContext): TransformResult => {
    const plan = planFor(context.vpcFormat ?? DEFAULT_VPC_FORMAT);
    const tokens = tokenize(event.message, plan.size);
    const first = tokens[0];
    if (first === undefined) return skip('empty_message');
    if (mayBeHeaderLine(first, plan) && isHeaderLine(tokens, plan)) return skip('vpc_header_line');
    if (tokens.length !== plan.size)
      return invalid('vpc_field_count', fieldCountMessage(tokens.length, plan, source));

    const vpc: Record<string, string | number> = {};
    let startSeconds = NOT_A_COUNT;
    for (let index = 0; index < plan.size; index++) {
      const token = tokens[index] as string;
      if (token === '-') continue;
      const step = plan.steps[index] as Step;
      if (step.kind === KEYWORD) {
        vpc[step.name] = token;
      } else if (step.kind === IP) {
        if (!isIpAddress(token)) return badValue(step, index, token, source);
        vpc[step.name] = token;
      } else {
        const value = parseCount(token);
        if (value === NOT_A_COUNT) return badValue(step, index, token, source);
        vpc[step.name] = value;
        if (index === plan.startIndex) {
          startSeconds = value;
        } else if (index === plan.protocolIndex) {
          const name = protocolName(value);
          if (name !== undefined) vpc[PROTOCOL_NAME_FIELD] = name;
        }
      }
    }

    const eventTimeMs = startSeconds === NOT_A_COUNT ? event.timestamp : startSeconds * 1000;
    const doc = baseDoc('vpcflow', event, source, context, eventTimeMs);
    doc.vpc = vpc;
    return ok(doc);
  },
};

export { fitsVpcFormat } from './sniff';
