import type { S3Client } from '@aws-sdk/client-s3';
import type { EngineInput } from '../../core';
import { type ArchiveLocation, archiveKeys, readArchiveObject } from '../archive';
import type { BareMessageSource } from '../bare-messages';
import { InputError, parseInput } from '../files';
import { describeRange } from './slices';
import type { BackfillSlice, TimeRange } from './types';

/** Objects read at once: enough to keep S3 busy, few enough to bound memory (each object is one payload or a few MB). */
const OBJECTS_PER_PAGE = 16;

/**
 * One hour of the raw archive: every object stored under the hours the slice overlaps (the hour of
 * receipt, see the layout), each object's envelopes as records, as the stream delivered them. An object
 * holding several gzip members or envelopes back to back (as Firehose writes to S3) gives one record each;
 * an object that is none of these is handed on whole, so that decoding sets it aside with its reason.
 *
 * @example
 * ```ts
 * const slice = archiveSlice(s3, parseArchiveUri('s3://logs-archive/raw'), { from, to });
 * ```
 */
export const archiveSlice = (
  client: S3Client,
  location: ArchiveLocation,
  range: TimeRange,
  bare?: BareMessageSource,
): BackfillSlice => {
  const address = `s3://${location.bucket}/${location.prefix}`;
  return {
    ...range,
    id: `archive:${address}:${describeRange(range)}`,
    label: `${address} ${describeRange(range)}`,
    read: () => readObjects(client, location, range, bare),
  };
};

async function* readObjects(
  client: S3Client,
  location: ArchiveLocation,
  range: TimeRange,
  bare: BareMessageSource | undefined,
): AsyncGenerator<EngineInput[]> {
  let keys: string[] = [];
  const flush = async (): Promise<EngineInput[]> => {
    const objects = await Promise.all(keys.map((key) => readArchiveObject(client, location, key)));
    keys = [];
    return objects.flatMap((object) =>
      recordsOf(`s3://${location.bucket}/${object.key}`, object.bytes, bare, range.from),
    );
  };
  for await (const key of archiveKeys(client, location, new Date(range.from), new Date(range.to))) {
    keys.push(key);
    if (keys.length >= OBJECTS_PER_PAGE) yield renumber(await flush());
  }
  if (keys.length > 0) yield renumber(await flush());
}

/**
 * An object's records. Bare messages take the hour in the object's key (the archive's and Firehose's
 * `YYYY/MM/DD/HH/` layout) as their time, else the slice's start: either is the same on every read.
 */
const recordsOf = (
  address: string,
  bytes: Uint8Array,
  bare: BareMessageSource | undefined,
  sliceFrom: number,
): EngineInput[] => {
  try {
    return parseInput(bytes, address, bare && { source: bare, receivedAtMs: hourInKey(address) ?? sliceFrom })
      .records;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return [{ kind: 'bytes', bytes, origin: { recordIndex: 0, file: address } }];
  }
};

const hourInKey = (address: string): number | undefined => {
  const match = /\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\//.exec(address);
  if (!match) return undefined;
  const [, year, month, day, hour] = match.map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour);
  return Number.isNaN(ms) ? undefined : ms;
};

/** Positions within the page, so a failure maps back to its record; the address stays in `file`. */
const renumber = (inputs: EngineInput[]): EngineInput[] =>
  inputs.map((input, recordIndex) => ({ ...input, origin: { ...input.origin, recordIndex } }));
