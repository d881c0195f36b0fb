/**
 * `JSON.stringify` for parsed JSON that cannot overflow the stack. `JSON.parse` accepts nesting tens of
 * thousands of levels deep (a 60 KB line of `{"a":` is enough) but `JSON.stringify` recurses and throws
 * on it; such values are written by an explicit stack instead, so a hostile message is kept, not lost.
 *
 * @example
 * ```ts
 * stringifyJson({ a: [1, { b: null }] }); // '{"a":[1,{"b":null}]}'
 * ```
 */
export const stringifyJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return stringifyByStack(value);
  }
};

interface Frame {
  /** Object keys, or undefined for an array. */
  readonly keys: readonly string[] | undefined;
  readonly values: readonly unknown[];
  readonly close: string;
  index: number;
}

const stringifyByStack = (root: unknown): string => {
  const out: string[] = [];
  const stack: Frame[] = [];
  const write = (value: unknown): void => {
    if (value === null || typeof value !== 'object') {
      out.push(JSON.stringify(value) ?? 'null');
    } else if (Array.isArray(value)) {
      out.push('[');
      stack.push({ keys: undefined, values: value, close: ']', index: 0 });
    } else {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      out.push('{');
      stack.push({ keys, values: keys.map((key) => record[key]), close: '}', index: 0 });
    }
  };
  write(root);
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    if (frame.index >= frame.values.length) {
      out.push(frame.close);
      stack.pop();
      continue;
    }
    const index = frame.index++;
    if (index > 0) out.push(',');
    if (frame.keys !== undefined) out.push(`${JSON.stringify(frame.keys[index])}:`);
    write(frame.values[index]);
  }
  return out.join('');
};
