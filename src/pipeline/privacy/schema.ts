import * as z from 'zod/mini';
import { nonEmptyString } from '../../core/schema';
import { isLogType, LOG_TYPES } from '../../transformers';
import { DETECTOR_NAMES } from './detectors';
import { IDENTITY_FIELDS } from './document';

const logType = z.string().check(z.refine(isLogType, { message: `must be one of ${LOG_TYPES.join(', ')}` }));
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const fieldPath = z
  .string()
  .check(z.regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be a dotted field path such as json.password'));

/** What makes a document a document: dropping it would break ids, index names or routing. */
const droppablePath = fieldPath.check(
  z.refine((path) => !IDENTITY_FIELDS.has(path.split('.')[0] ?? ''), {
    message: 'names an identity field (@id, @timestamp, @ingested, @type, aws.*), which every document keeps',
  }),
);
const detectorSwitches = z.record(z.string(), z.boolean()).check(
  z.superRefine((switches, context) => {
    for (const name of Object.keys(switches)) {
      if (!DETECTOR_NAMES.includes(name))
        context.addIssue({
          code: 'custom',
          message: `"${name}" is not a detector; known: ${DETECTOR_NAMES.join(', ')}`,
        });
    }
  }),
);

const privacyRule = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9_]+$/, 'must be lower-case letters, digits and _')),
  pattern: nonEmptyString(),
  replacement: z.optional(z.string()),
  flags: z.optional(z.string().check(z.regex(/^[imsu]*$/, 'may hold only i, m, s and u'))),
  logGroup: z.optional(nonEmptyString()),
});

/** `privacy` in the config file: which detectors run, your own rules, and per-log-group switches. */
export const privacySchema = z._default(
  z.strictObject({
    detectors: z._default(detectorSwitches, {}),
    rules: z._default(
      z.array(privacyRule).check(
        z.superRefine((rules, context) => {
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
      ),
      [],
    ),
    overrides: z._default(
      z.array(z.strictObject({ logGroup: nonEmptyString(), detectors: detectorSwitches })),
      [],
    ),
  }),
  { detectors: {}, rules: [], overrides: [] },
);

/** `fields` in the config file: fields to drop, or the only ones to keep, per log type or log group. */
export const fieldPoliciesSchema = z._default(
  z.array(
    z
      .strictObject({
        logGroup: z.optional(nonEmptyString()),
        type: z.optional(logType),
        where: z.optional(z.record(fieldPath, scalar)),
        drop: z.optional(z.array(droppablePath).check(z.minLength(1))),
        keep: z.optional(z.array(droppablePath).check(z.minLength(1))),
      })
      .check(
        z.refine((policy) => (policy.drop === undefined) !== (policy.keep === undefined), {
          message: 'needs either drop or keep (one of them)',
        }),
      ),
  ),
  [],
);

/** `filters` in the config file: events to drop (or the only ones to keep) before they cost anything. */
export const eventFiltersSchema = z._default(
  z
    .array(
      z
        .strictObject({
          name: z.string().check(z.regex(/^[a-z0-9_-]+$/, 'must be lower-case letters, digits, _ and -')),
          action: z._default(z.enum(['exclude', 'include']), 'exclude'),
          logGroup: z.optional(nonEmptyString()),
          type: z.optional(logType),
          level: z.optional(z.array(nonEmptyString()).check(z.minLength(1))),
          where: z.optional(z.record(fieldPath, scalar)),
          message: z.optional(nonEmptyString()),
        })
        .check(
          z.refine(
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
        ),
    )
    .check(z.superRefine((filters, context) => uniqueNames(filters, 'filter', context))),
  [],
);

export type PrivacyInput = z.output<typeof privacySchema>;
export type FieldPoliciesInput = z.output<typeof fieldPoliciesSchema>;
export type EventFiltersInput = z.output<typeof eventFiltersSchema>;

/** Names count redactions and skips: two rules or filters under one name would merge their counts. */
const uniqueNames = (
  items: readonly { name: string }[],
  what: string,
  context: z.core.$RefinementCtx,
): void => {
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
