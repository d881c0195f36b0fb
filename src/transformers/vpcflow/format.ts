import type { VpcFormat } from '../../core';

/** The 14 version-2 fields, the format of every flow log created without a custom format. */
export const DEFAULT_VPC_FORMAT_STRING =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

export type VpcFormatParse = { ok: true; format: VpcFormat } | { ok: false; message: string };

const TOKEN = /^\$\{([a-z0-9-]+)\}$/;

/**
 * Parses a flow log format string into field names, AWS `-` turned into `_`.
 *
 * @example
 * ```ts
 * parseVpcFormat('${version} ${vpc-id} ${srcaddr}'); // { ok: true, format: { fields: ['version', 'vpc_id', 'srcaddr'] } }
 * ```
 */
export const parseVpcFormat = (formatString: string): VpcFormatParse => {
  const tokens = formatString.trim().split(/\s+/);
  if (tokens.length === 0 || tokens[0] === '')
    return { ok: false, message: 'The VPC flow log format string is empty.' };
  const fields: string[] = [];
  for (const token of tokens) {
    const match = TOKEN.exec(token);
    if (match?.[1] === undefined) {
      return {
        ok: false,
        message: `The VPC flow log format string has "${token}" where a field like \${srcaddr} was expected.`,
      };
    }
    const field = match[1].replace(/-/g, '_');
    if (fields.includes(field)) {
      return { ok: false, message: `The VPC flow log format string lists \${${match[1]}} twice.` };
    }
    fields.push(field);
  }
  return { ok: true, format: { fields } };
};

const parsedDefault = parseVpcFormat(DEFAULT_VPC_FORMAT_STRING);
if (!parsedDefault.ok) throw new Error(parsedDefault.message);
export const DEFAULT_VPC_FORMAT: VpcFormat = parsedDefault.format;
