import type { VpcFormat } from '../types';
import { awsNameOf, documentName, kindOf, VPC_FIELD_DEFINITIONS } from './fields';

export const KEYWORD = 0;
export const LONG = 1;
export const IP = 2;
export type StepKind = typeof KEYWORD | typeof LONG | typeof IP;

/** What to do with the value at one position of a line. */
export interface Step {
  /** Document field under `vpc`, e.g. `log_status`. */
  readonly name: string;
  /** AWS name, e.g. `log-status`: what a header line and error messages show. */
  readonly awsName: string;
  readonly kind: StepKind;
}

/** A format compiled once into per-position steps, so the per-line loop only switches on a small int. */
export interface VpcPlan {
  readonly steps: readonly Step[];
  readonly size: number;
  /** Position of `start` (for `@timestamp`), or -1. */
  readonly startIndex: number;
  /** Position of `protocol` (for `protocol_name`), or -1. */
  readonly protocolIndex: number;
  /** The format as a header line would write it, for messages. */
  readonly header: string;
}

const KIND_STEP = { keyword: KEYWORD, long: LONG, ip: IP } as const;

const compile = (format: VpcFormat): VpcPlan => {
  const steps = format.fields.map(
    (name): Step => ({ name, awsName: awsNameOf(name), kind: KIND_STEP[kindOf(name)] }),
  );
  return {
    steps,
    size: steps.length,
    startIndex: format.fields.indexOf('start'),
    protocolIndex: format.fields.indexOf('protocol'),
    header: steps.map((step) => step.awsName).join(' '),
  };
};

// Formats live as long as the config that parsed them; a WeakMap lets them go with it.
const PLANS = new WeakMap<VpcFormat, VpcPlan>();

/**
 * The compiled plan of a format, built once per format object.
 *
 * @example
 * ```ts
 * planFor(DEFAULT_VPC_FORMAT).steps[3]; // { name: 'srcaddr', awsName: 'srcaddr', kind: IP }
 * ```
 */
export const planFor = (format: VpcFormat): VpcPlan => {
  let plan = PLANS.get(format);
  if (plan === undefined) {
    plan = compile(format);
    PLANS.set(format, plan);
  }
  return plan;
};

// Header words: every documented field under its AWS and its document name.
const HEADER_WORDS = new Set<string>(
  VPC_FIELD_DEFINITIONS.flatMap((field) => [field.awsName, documentName(field.awsName)]),
);

/**
 * A header line (`version account-id interface-id …`) carries field names, not values. A line is
 * one when every token is a documented field name or a name of this plan (so a header written for
 * another format, or naming a field newer than this code, is still recognised).
 *
 * @example
 * ```ts
 * isHeaderLine(['version', 'account-id', 'srcaddr'], planFor(DEFAULT_VPC_FORMAT)); // true
 * ```
 */
export const isHeaderLine = (tokens: readonly string[], plan: VpcPlan): boolean => {
  for (const token of tokens) {
    if (HEADER_WORDS.has(token)) continue;
    if (!plan.steps.some((step) => step.awsName === token || step.name === token)) return false;
  }
  return tokens.length > 0;
};

/** Cheap pre-check before {@link isHeaderLine}: header lines start with a field name, data lines rarely do. */
export const mayBeHeaderLine = (firstToken: string, plan: VpcPlan): boolean =>
  HEADER_WORDS.has(firstToken) || plan.steps[0]?.awsName === firstToken || plan.steps[0]?.name === firstToken;
