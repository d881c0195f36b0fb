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
    text: Buffer.from(buffer, exports.text_at.value, capacity),
    found: new Uint32Array(buffer, exports.found_at.value, capacity),
    owner: undefined as HintFilter | undefined,
  };
});

/** Characters compared per word (the module's positions), and its buckets (a bit each). */
const POSITIONS = 4;
const BUCKETS = 8;
const TABLES_BYTES = POSITIONS * 32;

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
   * is missing or a word is not ASCII.
   */
  public static compile(starts: readonly HintStart[]): HintFilter | undefined {
    // A word's characters must be written into the module as they are: printable ASCII only.
    if (starts.some(({ text }) => !ASCII_WORD.test(text))) return undefined;
    if (shared() === undefined) return undefined;
    const tables = new Uint8Array(TABLES_BYTES);
    bucketed(starts).forEach((bucket, index) => {
      for (let position = 0; position < POSITIONS; position++) {
        for (let nibble = 0; nibble < 16; nibble++) {
          const at = position * 32 + nibble;
          if (((bucket.low[position] ?? 0) >> nibble) & 1) tables[at] = (tables[at] ?? 0) | (1 << index);
          if (((bucket.high[position] ?? 0) >> nibble) & 1)
            tables[at + 16] = (tables[at + 16] ?? 0) | (1 << index);
        }
      }
    });
    return new HintFilter(tables);
  }

  /** The longest text it reads (256 KiB: a CloudWatch Logs event at most). */
  public get capacity(): number {
    return shared()?.text.length ?? 0;
  }

  /**
   * The positions, in order, where a word may begin (a view the next scan overwrites), or undefined for a text
   * longer than it holds. The text goes in one byte per UTF-16 unit, its low byte (`latin1`), so positions
   * are the string's own; a non-ASCII character's byte may let a place through, never hide one, since every
   * character of a word is ASCII and written as it is.
   */
  public candidates(text: string): Uint32Array | undefined {
    const module = shared();
    if (module === undefined || text.length > module.text.length) return undefined;
    const written = module.text.write(text, 0, 'latin1');
    if (module.owner !== this) {
      module.tables.set(this.tables);
      module.owner = this;
    }
    return module.found.subarray(0, module.scan(written));
  }
}

/** The nibbles that let through every place one of some words may begin. */
interface Bucket {
  /** Per position, the low nibbles allowed (bit `n` for nibble `n`), and the high ones. */
  readonly low: readonly number[];
  readonly high: readonly number[];
  /** The share of 4-character strings of log text it lets through (see {@link LOG_TEXT}). */
  readonly admits: number;
}

const wordBucket = (word: HintStart): Bucket => {
  const low = [0, 0, 0, 0];
  const high = [0, 0, 0, 0];
  for (let position = 0; position < POSITIONS; position++) {
    const char = word.text[position];
    if (char === undefined) {
      // After a short word's end, any byte: bytes past the text are those of an earlier, longer one.
      low[position] = ALL_NIBBLES;
      high[position] = ALL_NIBBLES;
      continue;
    }
    for (const code of word.caseless ? bothCases(char) : [char.charCodeAt(0)]) {
      low[position] = (low[position] ?? 0) | (1 << (code & 15));
      high[position] = (high[position] ?? 0) | (1 << (code >> 4));
    }
  }
  return { low, high, admits: admitted(low, high) };
};

/**
 * One bucket holding the words of both: at each position, the nibbles either allows. Plain loops: this runs
 * a few hundred times when a redactor is made, before the code is optimised.
 */
const union = (one: Bucket, other: Bucket): Bucket => {
  const low = [0, 0, 0, 0];
  const high = [0, 0, 0, 0];
  for (let position = 0; position < POSITIONS; position++) {
    low[position] = (one.low[position] ?? 0) | (other.low[position] ?? 0);
    high[position] = (one.high[position] ?? 0) | (other.high[position] ?? 0);
  }
  return { low, high, admits: admitted(low, high) };
};

const admitted = (low: readonly number[], high: readonly number[]): number => {
  const weights = weightByNibbles();
  let share = 1;
  for (let position = 0; position < POSITIONS; position++) {
    const lows = low[position] ?? 0;
    const highs = high[position] ?? 0;
    let through = 0;
    for (let nibble = 0; nibble < 8; nibble++) {
      if (((highs >> nibble) & 1) === 0) continue;
      through +=
        (weights[nibble * 512 + (lows & 255)] ?? 0) + (weights[nibble * 512 + 256 + (lows >> 8)] ?? 0);
    }
    share *= through / LOG_TEXT_WEIGHT;
  }
  return share;
};

/**
 * By high nibble (0 to 7: ASCII) and one byte of a set of low nibbles (0–7, then 8–15), the weight of the
 * characters they allow, at `high * 512 + half * 256 + bits` (`half` 0 for nibbles 0–7, 1 for 8–15, `bits`
 * a set of 8 of them): a bucket's share is then a few additions per position, not one per character
 * (this runs for each pair of buckets weighed, in a cold start).
 */
const weightByNibbles = lazy(() => {
  const weights = new Float64Array(8 * 512);
  for (let nibble = 0; nibble < 8; nibble++) {
    for (let half = 0; half < 2; half++) {
      const at = nibble * 512 + half * 256;
      for (let bits = 1; bits < 256; bits++) {
        // The set without its lowest nibble, plus the character of that nibble.
        const lowest = 31 - Math.clz32(bits & -bits);
        const code = nibble * 16 + half * 8 + lowest;
        weights[at + bits] = (weights[at + (bits & (bits - 1))] ?? 0) + (LOG_TEXT[code] ?? 0);
      }
    }
  }
  return weights;
});

/**
 * The words in the module's 8 buckets: one per first two characters, then, while there are too many, the
 * two whose union lets through the least more merged (a bucket allows every character any of its words has
 * at a position, so words alike at each position cost little together). Each step weighs only the pairs
 * the last merge made: this runs when a log group's redactor is made, in a cold start.
 */
const bucketed = (starts: readonly HintStart[]): Bucket[] => {
  const byKey = new Map<string, Bucket>();
  for (const start of starts) {
    const key = start.caseless ? start.text.slice(0, 2).toLowerCase() : start.text.slice(0, 2);
    const known = byKey.get(key);
    byKey.set(key, known === undefined ? wordBucket(start) : union(known, wordBucket(start)));
  }
  const buckets: (Bucket | undefined)[] = [...byKey.values()];
  const count = buckets.length;
  // The union of each pair, and what it adds to what the two let through apart.
  const unions: (Bucket | undefined)[] = new Array(count * count);
  const costs = new Float64Array(count * count);
  const weigh = (left: number, right: number): void => {
    const one = buckets[left];
    const other = buckets[right];
    if (one === undefined || other === undefined) return;
    const both = union(one, other);
    unions[left * count + right] = both;
    costs[left * count + right] = both.admits - one.admits - other.admits;
  };
  for (let left = 0; left < count; left++)
    for (let right = left + 1; right < count; right++) weigh(left, right);
  for (let kept = count; kept > BUCKETS; kept--) {
    let best = -1;
    for (let left = 0; left < count; left++) {
      if (buckets[left] === undefined) continue;
      for (let right = left + 1; right < count; right++) {
        const pair = left * count + right;
        if (buckets[right] !== undefined && (best === -1 || (costs[pair] ?? 0) < (costs[best] ?? 0)))
          best = pair;
      }
    }
    const [left, right] = [Math.floor(best / count), best % count];
    buckets[left] = unions[best];
    buckets[right] = undefined;
    for (let other = 0; other < count; other++) {
      if (other !== left) weigh(Math.min(left, other), Math.max(left, other));
    }
  }
  return buckets.filter((bucket): bucket is Bucket => bucket !== undefined);
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

/** Printable ASCII: what a word may be made of. */
const ASCII_WORD = /^[ -~]+$/;

/** Every nibble: what a word shorter than four allows after its end (any byte at all). */
const ALL_NIBBLES = 0xffff;
/** A character's code, and its other case's for an ASCII letter. */
export const bothCases = (char: string): number[] => {
  const code = char.charCodeAt(0);
  const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  return letter ? [code | 0x20, code & ~0x20] : [code];
};
