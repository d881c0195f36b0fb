import type { LogEvent, LogSource, TransformContext, Transformer, TransformResult } from '../../core';
import { baseDoc, ok } from '../common';
import { type FoundJson, findJsonObject, sanitizeJson } from './expand';
import { JSON_PAYLOAD_FIELDS } from './fields';

/**
 * Any JSON message, whole or after a text prefix, indexed under `json.*`.
 *
 * `2024-05-01T10:00:00Z INFO {"user":"ana","took_ms":12}` becomes
 * `{ '@type': 'json', json: { user: 'ana', took_ms: 12 }, json_prefix: '2024-05-01T10:00:00Z INFO', … }`.
 *
 * A message routed here explicitly that holds no JSON object keeps just the common fields.
 */
export const jsonTransformer: Transformer = {
  id: 'json',
  fields: JSON_PAYLOAD_FIELDS,
  matches: (event: LogEvent): boolean => findOnce(event.message) !== undefined,
  transform: (event: LogEvent, source: LogSource, context: TransformContext): TransformResult => {
    const doc = baseDoc('json', event, source, context);
    const found = findOnce(event.message);
    if (found === undefined) return ok(doc);
    doc.json = sanitizeJson(found.value, context.limits);
    const prefix = found.prefix.trim();
    if (prefix !== '') doc.json_prefix = prefix;
    return ok(doc);
  },
};

// Sniffing calls `matches` and then `transform` on the same message: remembering the last result
// keeps it to one JSON.parse per event. Safe because sanitizeJson never modifies its input.
let last: { message: string; found: FoundJson | undefined } | undefined;

const findOnce = (message: string): FoundJson | undefined => {
  if (last?.message !== message) last = { message, found: findJsonObject(message) };
  return last.found;
};
