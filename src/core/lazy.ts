/**
 * A value built on its first read and kept: for work a handler's import would otherwise do for every log
 * type, destination or option, needed only by the batches that use it. A build that throws is not kept:
 * the next read builds again (and throws again, for a fault in the input).
 *
 * @example
 * ```ts
 * const table = lazy(() => buildLookupTable());
 * table(); // built now
 * table(); // the same table
 * ```
 */
export const lazy = <T>(build: () => T): (() => T) => {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
};

/**
 * An object that stands for the one `build` returns, built on its first use (any property read, write or
 * `in`), its methods bound to it: for a client a handler makes at init, whose library need not be evaluated
 * before a batch needs it.
 *
 * @example
 * ```ts
 * const client = onFirstUse(() => new Client(options)); // nothing built yet
 * await client.bulk({ body }); // built now, then used
 * ```
 */
export const onFirstUse = <T extends object>(build: () => T): T => {
  const real = lazy(build);
  return new Proxy({} as T, {
    get: (_target, property) => {
      const value: unknown = Reflect.get(real(), property);
      return typeof value === 'function' ? value.bind(real()) : value;
    },
    set: (_target, property, value) => Reflect.set(real(), property, value),
    has: (_target, property) => Reflect.has(real(), property),
  });
};
