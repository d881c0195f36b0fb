import { lazy } from '../../core';
import { HINT_FILTER_WASM } from './hint-filter-wasm';

/** A word the filter looks for: where some hint match begins, in any case or as written. */
export interface HintStart {
  readonly text: string;
  readonly caseless: boolean;
}

/** The part of the WebAssembly API used here (the compiler's libraries here do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

interface FilterExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly tables_at: { readonly value: number };
  readonly text_at: { readonly value: number };
  readonly text_capacity: { readonly value: number };
  readonly found_at: { readonly value: number };
  scan(length: number): number;
}

/** The compiled module's one instance (a filter writes its tables there before it scans), or undefined without WebAssembly SIMD. */
const shared = lazy(() => {
  const bytes = Buffer.from(HINT_FILTER_WASM, 'base64');
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined || !api.validate(bytes)) return undefined;
  const exports = new api.Instance(new api.Module(bytes), {}).exports as FilterExports;
  const { buffer } = exports.memory;
  const capacity = exports.text_capacity.value;
  return {
    scan: exports.scan,
    tables: new Uint8Array(buffer, exports.tables_at.value, TABLES_BYTES),
    text: new Uint8Array(buffer, exports.text_at.value, capacity),
    found: new Uint32Array(buffer, exports.found_at.value, capacity),
    owner: undefined as HintFilter | undefined,
  };
});

/** Characters compared per word (the module's positions), and its buckets (a bit each). */
const POSITIONS = 4;
const BUCKETS = 8;
const TABLES_BYTES = POSITIONS * 32;
const encoder = new TextEncoder();

/**
 * The places in a text where one of a set of words may begin, found 16 characters at a time by a WebAssembly
 * SIMD module (`hint-filter.wat`): a superset, which the caller checks place by place. It replaces regular
 * expression scans of every line for hint words, which cost about a nanosecond per character whatever they
 * look for; most lines have no candidate at all, and a long JSON line a few.
 *
 * @example
 * ```ts
 * const filter = HintFilter.compile([{ text: 'token', caseless: true }]);
 * filter?.candidates('{"sessionToken":"x"}'); // [9] (or undefined where it cannot scan the text)
 * ```
 */
export class HintFilter {
  private constructor(private readonly tables: Uint8Array) {}

  /**
   * The filter for these words (only their first four characters count), or undefined where WebAssembly SIMD
   * is missing.
   */
  public static compile(starts: readonly HintStart[]): HintFilter | undefined {
    if (shared() === undefined) return undefined;
    const tables = new Uint8Array(TABLES_BYTES);
    bucketed(starts).forEach((bucket, index) => {
      bucket.tables.forEach((allowed, at) => {
        if (allowed) tables[at] = (tables[at] ?? 0) | (1 << index);
      });
    });
    return new HintFilter(tables);
  }

  /**
   * The positions, in order, where a word may begin (a view the next scan overwrites), or undefined for a text
   * the module cannot read as one byte per character (non-ASCII) or longer than it holds.
   */
  public candidates(text: string): Uint32Array | undefined {
    const module = shared();
    if (module === undefined || text.length > module.text.length) return undefined;
    const { read, written } = encoder.encodeInto(text, module.text);
    if (read !== text.length || written !== text.length) return undefined;
    if (module.owner !== this) {
      module.tables.set(this.tables);
      module.owner = this;
    }
    return module.found.subarray(0, module.scan(written));
  }
}

/** Some words, and the nibble tables that let through every place one of them may begin. */
interface Bucket {
  readonly words: readonly HintStart[];
  /** Per position: 16 low-nibble entries, then 16 high-nibble ones (the module's layout, as booleans). */
  readonly tables: readonly boolean[];
  /** The share of 4-character strings of log text it lets through (see {@link LOG_TEXT}). */
  readonly admits: number;
}

const bucketOf = (words: readonly HintStart[]): Bucket => {
  const tables: boolean[] = new Array(TABLES_BYTES).fill(false);
  for (const word of words) {
    for (let position = 0; position < POSITIONS; position++) {
      const char = word.text[position];
      // After a short word's end, any byte: bytes past the text are those of an earlier, longer one.
      const allowed = char === undefined ? ANY_BYTE : (word.caseless ? bothCases(char) : [char]).map(codeOf);
      for (const code of allowed) {
        tables[position * 32 + (code & 15)] = true;
        tables[position * 32 + 16 + (code >> 4)] = true;
      }
    }
  }
  let admits = 1;
  for (let position = 0; position < POSITIONS; position++) {
    const table = position * 32;
    let through = 0;
    LOG_TEXT.forEach((weight, code) => {
      if (tables[table + (code & 15)] && tables[table + 16 + (code >> 4)]) through += weight;
    });
    admits *= through / LOG_TEXT_WEIGHT;
  }
  return { words, tables, admits };
};

/**
 * The words in the module's 8 buckets: one per first two characters, then, while there are too many, the
 * two whose union lets through the least more merged (a bucket allows every character any of its words has
 * at a position, so words alike at each position cost little together).
 */
const bucketed = (starts: readonly HintStart[]): Bucket[] => {
  const byKey = new Map<string, HintStart[]>();
  for (const start of starts) {
    const key = start.caseless ? start.text.slice(0, 2).toLowerCase() : start.text.slice(0, 2);
    byKey.set(key, [...(byKey.get(key) ?? []), start]);
  }
  const buckets = [...byKey.values()].map(bucketOf);
  while (buckets.length > BUCKETS) {
    let best: { cost: number; left: number; right: number; merged: Bucket } | undefined;
    for (let left = 0; left < buckets.length; left++) {
      for (let right = left + 1; right < buckets.length; right++) {
        const [one, other] = [buckets[left] as Bucket, buckets[right] as Bucket];
        const merged = bucketOf([...one.words, ...other.words]);
        const cost = merged.admits - one.admits - other.admits;
        if (best === undefined || cost < best.cost) best = { cost, left, right, merged };
      }
    }
    if (best === undefined) break;
    buckets.splice(best.right, 1);
    buckets[best.left] = best.merged;
  }
  return buckets;
};

/**
 * How often each ASCII character comes in log text, roughly: lower-case letters as in English text, upper
 * case a tenth as often, digits and JSON's punctuation as often as common letters, other printable
 * characters seldom. Merging by it keeps the common characters out of the buckets' tables.
 */
const LOG_TEXT: readonly number[] = (() => {
  const weights = new Array<number>(0x7f).fill(0);
  for (let code = 0x20; code < 0x7f; code++) weights[code] = 0.3;
  // Per mille in English text, a to z.
  const letters = [
    82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1,
  ];
  letters.forEach((weight, index) => {
    weights[0x61 + index] = weight;
    weights[0x41 + index] = weight / 10;
  });
  for (const char of '0123456789 ":,.{}[]_/-=') weights[char.charCodeAt(0)] = 40;
  return weights;
})();
const LOG_TEXT_WEIGHT = LOG_TEXT.reduce((sum, weight) => sum + weight, 0);

/** Every byte value: what a word shorter than four allows after its end. */
const ANY_BYTE = Array.from({ length: 256 }, (_, code) => code);
const codeOf = (char: string): number => char.charCodeAt(0);

const bothCases = (char: string): string[] => {
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  return lower === upper ? [char] : [lower, upper];
};
