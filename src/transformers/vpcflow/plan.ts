import type { VpcFormat } from '../../core';
import { awsNameOf, documentName, kindOf, PROTOCOL_NAME_FIELD, VPC_FIELD_DEFINITIONS } from './fields';
import { IP, KEYWORD, type LineValues, LONG, type VpcPlan, type VpcValues } from './line';

export type { VpcPlan } from './line';

const KIND = { keyword: KEYWORD, long: LONG, ip: IP } as const;

// Header words: every documented field under its AWS and its document name.
const HEADER_WORDS: ReadonlySet<string> = new Set(
  VPC_FIELD_DEFINITIONS.flatMap((field) => [field.awsName, documentName(field.awsName)]),
);

/**
 * Compiles the object builder of a format into straight-line code, one conditional store per field
 * with the name as a constant. Generic `vpc[name] = value` stores were measured at about ten times
 * the cost (every line walks the shape transitions through a megamorphic keyed store), the largest
 * single cost of the transform. The source holds nothing but JSON-quoted names and indices, so no
 * format string can inject code.
 */
const compileBuilder = (
  names: readonly string[],
  protocolIndex: number,
): ((values: LineValues) => VpcValues) => {
  const stores = names.map((name, index) => {
    const store = `if (v[${index}] !== undefined) o[${JSON.stringify(name)}] = v[${index}];`;
    return index !== protocolIndex
      ? store
      : `${store}\nif (v[${names.length}] !== undefined) o[${JSON.stringify(PROTOCOL_NAME_FIELD)}] = v[${names.length}];`;
  });
  return new Function('v', `'use strict';\nconst o = {};\n${stores.join('\n')}\nreturn o;`) as (
    values: LineValues,
  ) => VpcValues;
};

const compile = (format: VpcFormat): VpcPlan => {
  const names = [...format.fields];
  const awsNames = names.map(awsNameOf);
  // This format's own names count too, so a header naming a field newer than this code is recognised.
  const words = new Set([...HEADER_WORDS, ...names, ...awsNames]);
  const protocolIndex = names.indexOf('protocol');
  return {
    size: names.length,
    names,
    awsNames,
    kinds: names.map((name) => KIND[kindOf(name)]),
    startIndex: names.indexOf('start'),
    protocolIndex,
    header: awsNames.join(' '),
    mayBeHeader: (firstToken) => words.has(firstToken),
    isHeader: (tokens) => tokens.length > 0 && tokens.every((token) => words.has(token)),
    build: compileBuilder(names, protocolIndex),
    scratch: new Array(names.length + 1).fill(undefined),
  };
};

// Formats live as long as the config that parsed them; a WeakMap lets them go with it.
const PLANS = new WeakMap<VpcFormat, VpcPlan>();

/**
 * The compiled plan of a format, built once per format object.
 *
 * @example
 * ```ts
 * const plan = planFor(DEFAULT_VPC_FORMAT);
 * [plan.names[3], plan.kinds[3]]; // ['srcaddr', IP]
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
