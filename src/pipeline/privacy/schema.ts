import { z } from 'zod';
import { isLogType, LOG_TYPES } from '../../transformers';
import { DETECTOR_NAMES } from './detectors';
import { IDENTITY_FIELDS } from './document';

const logType = z.string().refine(isLogType, { message: `must be one of ${LOG_TYPES.join(', ')}` });
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const fieldPath = z
  .string()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be a dotted field path such as json.password');

/** What makes a document a document: dropping it would break ids, index names or routing. */
const droppablePath = fieldPath.refine((path) => !IDENTITY_FIELDS.has(path.split('.')[0] ?? ''), {
  message: 'names an identity field (@id, @timestamp, @ingested, @type, aws.*), which every document keeps',
});
const detectorSwitches = z.record(z.string(), z.boolean()).superRefine((switches, context) => {
  for (const name of Object.keys(switches)) {
    if (!DETECTOR_NAMES.includes(name))
      context.addIssue({
        code: 'custom',
        message: `"${name}" is not a detector; known: ${DETECTOR_NAMES.join(', ')}`,
      });
  }
});

/** `privacy` in the config file: which detectors run, your own rules, and per-log-group switches. */
export const privacySchema = z
  .object({
    detectors: detectorSwitches.default({}),
    rules: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9_]+$/, 'must be lower-case letters, digits and _'),
            pattern: z.string().min(1),
            replacement: z.string().optional(),
            flags: z
              .string()
              .regex(/^[imsu]*$/, 'may hold only i, m, s and u')
              .optional(),
            logGroup: z.string().min(1).optional(),
          })
          .strict(),
      )
      .default([])
      .superRefine((rules, context) => {
        uniqueNames(rules, 'rule', context);
        for (const [index, rule] of rules.entries()) {
          if (DETECTOR_NAMES.includes(rule.name))
            context.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `"${rule.name}" is a built-in detector's name`,
            });
        }
      }),
    overrides: z
      .array(z.object({ logGroup: z.string().min(1), detectors: detectorSwitches }).strict())
      .default([]),
  })
  .strict()
  .default({ detectors: {}, rules: [], overrides: [] });

/** `fields` in the config file: fields to drop, or the only ones to keep, per log type or log group. */
export const fieldPoliciesSchema = z
  .array(
    z
      .object({
        logGroup: z.string().min(1).optional(),
        type: logType.optional(),
        where: z.record(fieldPath, scalar).optional(),
        drop: z.array(droppablePath).min(1).optional(),
        keep: z.array(droppablePath).min(1).optional(),
      })
      .strict()
      .refine((policy) => (policy.drop === undefined) !== (policy.keep === undefined), {
        message: 'needs either drop or keep (one of them)',
      }),
  )
  .default([]);

/** `filters` in the config file: events to drop (or the only ones to keep) before they cost anything. */
export const eventFiltersSchema = z
  .array(
    z
      .object({
        name: z.string().regex(/^[a-z0-9_-]+$/, 'must be lower-case letters, digits, _ and -'),
        action: z.enum(['exclude', 'include']).default('exclude'),
        logGroup: z.string().min(1).optional(),
        type: logType.optional(),
        level: z.array(z.string().min(1)).min(1).optional(),
        where: z.record(fieldPath, scalar).optional(),
        message: z.string().min(1).optional(),
      })
      .strict()
      .refine(
        (filter) =>
          filter.level !== undefined ||
          filter.where !== undefined ||
          filter.message !== undefined ||
          (filter.action === 'exclude' && (filter.logGroup !== undefined || filter.type !== undefined)),
        {
          message:
            'needs a condition (level, where or message), or for exclude a logGroup or type: it would drop every event',
        },
      ),
  )
  .default([])
  .superRefine((filters, context) => uniqueNames(filters, 'filter', context));

export type PrivacyInput = z.output<typeof privacySchema>;
export type FieldPoliciesInput = z.output<typeof fieldPoliciesSchema>;
export type EventFiltersInput = z.output<typeof eventFiltersSchema>;

/** Names count redactions and skips: two rules or filters under one name would merge their counts. */
const uniqueNames = (items: readonly { name: string }[], what: string, context: z.RefinementCtx): void => {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.name))
      context.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `another ${what} is already named "${item.name}"`,
      });
    seen.add(item.name);
  }
};
