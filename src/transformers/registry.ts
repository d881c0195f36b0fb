import type { LogType, Transformer } from '../core/transformer';
import { cloudtrailTransformer } from './cloudtrail';
import { jsonTransformer } from './json';
import { lambdaTransformer } from './lambda';
import { textTransformer } from './text';
import { vpcflowTransformer } from './vpcflow';

/**
 * Every log type, one line each. The order is the sniffing order: the most specific first,
 * `text` (which claims everything) last.
 */
export const TRANSFORMERS: readonly Transformer[] = [
  lambdaTransformer,
  cloudtrailTransformer,
  vpcflowTransformer,
  jsonTransformer,
  textTransformer,
];

const BY_ID = new Map<LogType, Transformer>(TRANSFORMERS.map((t) => [t.id, t]));

export const transformerFor = (type: LogType): Transformer => {
  const transformer = BY_ID.get(type);
  if (transformer === undefined) throw new Error(`No transformer is registered for log type "${type}".`);
  return transformer;
};
