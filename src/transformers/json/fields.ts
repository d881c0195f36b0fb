import type { FieldSpec } from '../../core';

/** Where a JSON payload lands, for the json type and for any type that expands JSON (lambda's APP lines). */
export const JSON_PAYLOAD_FIELDS: readonly FieldSpec[] = [
  {
    name: 'json',
    type: 'object',
    description:
      'The JSON payload of the message, its keys made safe to index; subtrees beyond the depth or field caps are kept as JSON strings.',
  },
  {
    name: 'json_prefix',
    type: 'keyword',
    description: 'Text before the JSON object, such as a timestamp and level.',
    freeText: true,
  },
];
