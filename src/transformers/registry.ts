import type { LogType, Transformer } from '../core';
import { cloudtrailTransformer } from './cloudtrail';
import { jsonTransformer } from './json';
import { lambdaTransformer } from './lambda';
import { textTransformer } from './text';
import { vpcflowTransformer } from './vpcflow';

/**
 * Every log type, one line each. The order is the sniffing order: the most specific first,
 * `text` (which claims everything) last. Adding a log type is its folder and one line here.
 */
export const TRANSFORMERS: readonly Transformer[] = [
  lambdaTransformer,
  cloudtrailTransformer,
  vpcflowTransformer,
  jsonTransformer,
  textTransformer,
];

/** The registered log types, in registry order. */
export const LOG_TYPES: readonly LogType[] = TRANSFORMERS.map((transformer) => transformer.id);

const BY_ID = new Map<LogType, Transformer>(TRANSFORMERS.map((t) => [t.id, t]));

/** Is this the id of a registered transformer? */
export const isLogType = (value: string): value is LogType => BY_ID.has(value);

/**
 * The transformer registered for a log type.
 *
 * @example
 * ```ts
 * transformerFor('vpcflow').transform(event, source, context);
 * ```
 */
export const transformerFor = (type: LogType): Transformer => {
  const transformer = BY_ID.get(type);
  if (transformer === undefined) throw new Error(`No transformer is registered for log type "${type}".`);
  return transformer;
};
