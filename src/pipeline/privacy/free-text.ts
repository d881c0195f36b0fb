import type { FieldRow } from '../../core';

/**
 * Where free text can be in a document, as a tree of its field names: `true` where everything below is read
 * (a `text` or `object` field, a keyword marked `freeText`, any field the table does not declare), `false`
 * where nothing is (identifiers, enumerations, addresses, numbers, times, flags), and a node where it
 * depends on the field below.
 */
export type FreeText = boolean | FreeTextNode;

/** The fields below one object: those the table declares; any other name is read. */
export interface FreeTextNode {
  readonly fields: ReadonlyMap<string, FreeText>;
}

/** Of a value under `node` named `key`: whether it may hold free text, or the node of its fields. */
export const freeTextAt = (node: FreeTextNode, key: string): FreeText => node.fields.get(key) ?? true;

/**
 * The tree of the field table's rows. A path two log types declare differently is read if either reads it.
 *
 * @example
 * ```ts
 * const tree = freeTextTree([{ name: 'vpc.srcaddr', type: 'ip', … }, { name: '@message', type: 'text', … }]);
 * freeTextAt(tree, '@message'); // true
 * freeTextAt(freeTextAt(tree, 'vpc') as FreeTextNode, 'srcaddr'); // false
 * ```
 */
export const freeTextTree = (rows: readonly Pick<FieldRow, 'name' | 'type' | 'freeText'>[]): FreeTextNode => {
  const root: MutableNode = { fields: new Map() };
  for (const row of rows) {
    const read = row.type === 'text' || row.type === 'object' || row.freeText === true;
    place(root, row.name.split('.'), read);
  }
  return root;
};

type MutableNode = { readonly fields: Map<string, FreeText> };

const place = (node: MutableNode, path: readonly string[], read: boolean): void => {
  const [key, ...rest] = path as [string, ...string[]];
  const here = node.fields.get(key);
  if (rest.length === 0) {
    // A leaf that is also the parent of declared fields (none today) is read whole when it may hold text.
    if (read || here === undefined) node.fields.set(key, read);
    return;
  }
  if (here === true) return;
  const child: MutableNode = typeof here === 'object' ? (here as MutableNode) : { fields: new Map() };
  node.fields.set(key, child);
  place(child, rest, read);
};
