import type { LogEvent, LogSource, TransformContext, Transformer, TransformResult } from '../../core';
import { baseDoc, ok } from '../common';

/**
 * The fallback: any message no other type claims keeps just the common fields.
 *
 * `disk almost full on /var` becomes `{ '@type': 'text', '@message': 'disk almost full on /var', … }`.
 */
export const textTransformer: Transformer = {
  id: 'text',
  fields: [],
  matches: (): boolean => true,
  transform: (event: LogEvent, source: LogSource, context: TransformContext): TransformResult =>
    ok(baseDoc('text', event, source, context)),
};
