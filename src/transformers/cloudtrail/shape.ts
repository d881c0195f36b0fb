import type { FieldSpec, FieldType } from '../../core';
import { isRecord } from './coerce';

/** One field: its mapping type, what it means, and how a raw value becomes that type. */
export class Leaf {
  public constructor(
    public readonly type: FieldType,
    public readonly description: string,
    public readonly read: (value: unknown) => unknown,
    /** See `FieldSpec.freeText`. */
    public readonly freeText = false,
  ) {}
}

/** An array of objects of one shape (CloudTrail's `resources`). */
export class ListOf {
  public constructor(public readonly items: Shape) {}
}

/**
 * The part of a CloudTrail record cwlpipe maps, as a tree. The same tree builds the document and
 * the field table, so the two cannot disagree.
 *
 * @example
 * ```ts
 * const TLS: Shape = { tlsVersion: new Leaf('keyword', 'The TLS version.', keyword) };
 * ```
 */
export interface Shape {
  readonly [key: string]: Leaf | ListOf | Shape;
}

/** Raw values that fit no field, by dotted path, so they are kept rather than lost. */
export type Leftovers = Map<string, unknown>;

/**
 * Reads `value` through `shape`: known keys become typed fields, anything else (an unknown key, or a
 * value no reading accepts) goes to `leftovers` under its dotted path. Empty objects are left out.
 *
 * @example
 * ```ts
 * readShape({ tlsDetails: TLS }, { tlsDetails: { tlsVersion: 'TLSv1.3' }, x: 1 }, new Map(), '');
 * // { tlsDetails: { tlsVersion: 'TLSv1.3' } }, leftovers: x → 1
 * ```
 */
export const readShape = (
  shape: Shape,
  value: Record<string, unknown>,
  leftovers: Leftovers,
  path: string,
): Record<string, unknown> | undefined => {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const raw = value[key];
    const node = Object.hasOwn(shape, key) ? shape[key] : undefined;
    const before = leftovers.size;
    // Most nodes are leaves, which need no path: it is built only for a nested node or a leftover.
    const read =
      node === undefined
        ? undefined
        : node instanceof Leaf
          ? node.read(raw)
          : readNode(node, raw, leftovers, `${path}${key}`);
    if (read !== undefined) {
      // Shape keys are our own constants, never `__proto__`, so plain assignment is safe here.
      out ??= {};
      out[key] = read;
    } else if (leftovers.size === before && (node === undefined || !isEmpty(raw))) {
      // Kept whole unless its own parts were already kept one by one.
      leftovers.set(`${path}${key}`, raw);
    }
  }
  return out;
};

const readNode = (node: ListOf | Shape, raw: unknown, leftovers: Leftovers, path: string): unknown => {
  if (node instanceof ListOf) {
    const items = Array.isArray(raw) ? raw : [raw];
    if (!items.every((item) => item === null || isRecord(item))) return undefined;
    const read = items.flatMap((item, index) =>
      isRecord(item) ? (readShape(node.items, item, leftovers, `${path}.${index}.`) ?? []) : [],
    );
    return read.length > 0 ? read : undefined;
  }
  if (!isRecord(raw)) return undefined;
  return readShape(node, raw, leftovers, `${path}.`);
};

/** Nothing worth keeping: CloudTrail writes `null`, `""` or `{}` for absent values. */
const isEmpty = (raw: unknown): boolean =>
  raw === null ||
  raw === '' ||
  (isRecord(raw) && Object.keys(raw).length === 0) ||
  (Array.isArray(raw) && raw.length === 0);

/**
 * The field table rows of a shape, as dotted paths under `prefix`.
 *
 * @example
 * ```ts
 * fieldsOfShape({ tlsDetails: TLS }, 'cloudtrail'); // [{ name: 'cloudtrail.tlsDetails.tlsVersion', … }]
 * ```
 */
export const fieldsOfShape = (shape: Shape, prefix: string): FieldSpec[] =>
  Object.entries(shape).flatMap(([key, node]): FieldSpec[] => {
    const name = `${prefix}.${key}`;
    if (node instanceof Leaf)
      return [
        {
          name,
          type: node.type,
          description: node.description,
          ...(node.freeText && { freeText: true as const }),
        },
      ];
    if (node instanceof ListOf) return fieldsOfShape(node.items, name);
    return fieldsOfShape(node, name);
  });
