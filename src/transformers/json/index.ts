import { baseDoc, ok } from '../common';
import type {
  FieldSpec,
  LogEvent,
  LogSource,
  TransformContext,
  Transformer,
  TransformResult,
} from '../types';
import { findJsonObject, sanitizeJson } from './expand';

/**
 * Any JSON message, whole or after a text prefix, indexed under `json.*`.
 *
 * `2024-05-01T10:00:00Z INFO {"user":"ana","took_ms":12}` becomes
 * `{ '@type': 'json', json: { user: 'ana', took_ms: 12 }, json_prefix: '2024-05-01T10:00:00Z INFO ', … }`.
 */
export const jsonTransformer: Transformer = {
  id: 'json',
  fields: [
    {
      name: 'json',
      type: 'object',
      description: 'The JSON payload of the message, its keys made safe to index.',
    },
    {
      name: 'json_prefix',
      type: 'keyword',
      description: 'Text before the JSON object, such as a timestamp and level.',
    },
  ] satisfies FieldSpec[],
  matches: (event: LogEvent): boolean => findJsonObject(event.message) !== undefined,
  transform: (event: LogEvent, source: LogSource, context: TransformContext): TransformResult => {
    const doc = baseDoc('json', event, source, context);
    const found = findJsonObject(event.message);
    if (found === undefined) return ok(doc);
    doc.json = sanitizeJson(found.value, context.limits);
    const prefix = found.prefix.trim();
    if (prefix !== '') doc.json_prefix = prefix;
    return ok(doc);
  },
};
