import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { EngineInput, RecordOrigin } from '../core';
import { envelopesOf, isGzip } from '../pipeline';
import { type BareMessageSource, bareMessageEnvelopes } from './bare-messages';

/** The gunzip cap for a whole file read as several envelopes; past it, the file is one record set aside. */
const MAX_FILE_GUNZIP_BYTES = 64 * 1024 * 1024;

/** One record read from a file, not yet decoded: base64 (from an event) or raw bytes. */
export type FileRecord = Extract<EngineInput, { readonly kind: 'base64' | 'bytes' }>;

/** The forms a file may hold, told apart by their content. */
export type InputForm = 'kinesis-event' | 'firehose-event' | 'envelope' | 'gzip-envelope' | 'bare-messages';

export class InputError extends Error {
  public override readonly name = 'InputError';
}

/**
 * Reads a file as records: a Lambda Kinesis event (`Records[].kinesis.data`), a Firehose
 * transformation event (`records[].data`), a decoded subscription envelope, or a gzip envelope; an archive
 * object with several envelopes back to back (several gzip members, or several envelopes in one, as
 * Firehose writes to S3) gives one record per envelope.
 * Throws {@link InputError} naming the file when it is none of these.
 *
 * @example
 * ```ts
 * for (const record of readInputFile('fixtures/vpcflow/v2-default.json').records) pipeline.process(record);
 * ```
 */
export const readInputFile = (
  file: string,
  bare?: BareMessageSource,
): { form: InputForm; records: FileRecord[] } => {
  let bytes: Buffer;
  let modifiedMs: number;
  try {
    bytes = readFileSync(file);
    modifiedMs = Math.floor(statSync(file).mtimeMs);
  } catch (error) {
    throw new InputError(`${file} could not be read: ${readProblem(error as NodeJS.ErrnoException)}.`);
  }
  return parseInput(bytes, file, bare === undefined ? undefined : { source: bare, receivedAtMs: modifiedMs });
};

const readProblem = (error: NodeJS.ErrnoException): string =>
  error.code === 'ENOENT'
    ? 'it does not exist'
    : error.code === 'EISDIR'
      ? 'it is a directory'
      : error.code === 'EACCES'
        ? 'permission denied'
        : error.message;

/**
 * Reads bytes as records (see {@link readInputFile}). With `bare`, content that is none of the forms is read
 * as bare messages, one per line (Firehose's "message extraction"), from that log group and of that type.
 */
export const parseInput = (
  bytes: Uint8Array,
  file: string,
  bare?: { source: BareMessageSource; receivedAtMs: number },
): { form: InputForm; records: FileRecord[] } => {
  if (bare === undefined) return parseForms(bytes, file);
  // Inflated once: the look at its start and the bare lines both read this.
  let plain: Uint8Array;
  try {
    plain = isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: MAX_FILE_GUNZIP_BYTES }) : bytes;
  } catch {
    // Not readable as gzip: read as records, so that decoding sets it aside with the reason.
    return parseForms(bytes, file);
  }
  if (holdsRecords(plain)) return parseForms(bytes, file);
  return {
    form: 'bare-messages',
    records: bareMessageEnvelopes(plain, file, bare.source, bare.receivedAtMs).map(
      (envelope, recordIndex) => ({
        kind: 'bytes',
        bytes: Buffer.from(JSON.stringify(envelope), 'utf8'),
        origin: { recordIndex, file },
      }),
    ),
  };
};

/** Whether inflated content starts as an envelope or an event does: a JSON object naming one of their keys. */
const holdsRecords = (plain: Uint8Array): boolean => {
  const head = Buffer.from(plain.buffer, plain.byteOffset, Math.min(plain.length, 4096)).toString('utf8');
  return /^\s*\{/.test(head) && /"(messageType|Records|records)"\s*:/.test(head);
};

const parseForms = (bytes: Uint8Array, file: string): { form: InputForm; records: FileRecord[] } => {
  // An archive object: envelopes back to back, in several gzip members or in one (as Firehose writes them).
  const several = envelopesOf(bytes, MAX_FILE_GUNZIP_BYTES);
  if (several !== undefined) {
    return {
      form: isGzip(bytes) ? 'gzip-envelope' : 'envelope',
      records: several.map((text, recordIndex) => ({
        kind: 'bytes',
        bytes: Buffer.from(text, 'utf8'),
        origin: { recordIndex, file },
      })),
    };
  }
  if (isGzip(bytes))
    return { form: 'gzip-envelope', records: [{ kind: 'bytes', bytes, origin: { recordIndex: 0, file } }] };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InputError(
      `${file} is neither gzip nor JSON: ${(error as Error).message} (for bare messages, one per line, as Firehose's message extraction writes them, name their log group and type with --bare-log-group and --bare-type).`,
    );
  }
  const value = (json ?? {}) as Record<string, unknown>;
  if (Array.isArray(value.Records)) {
    return {
      form: 'kinesis-event',
      records: value.Records.map((record: unknown, recordIndex) => {
        const kinesis = (record as { kinesis?: { data?: unknown; sequenceNumber?: unknown } } | null)
          ?.kinesis;
        const shardId = (record as { eventID?: unknown } | null)?.eventID;
        const origin: RecordOrigin = {
          recordIndex,
          file,
          ...(typeof kinesis?.sequenceNumber === 'string' && { sequenceNumber: kinesis.sequenceNumber }),
          ...(typeof shardId === 'string' && { shardId: shardId.split(':')[0] }),
        };
        // Passed on as found: decode sets a non-string aside as `data_missing`, as the handlers do.
        return { kind: 'base64', data: kinesis?.data as string, origin } as const;
      }),
    };
  }
  if (Array.isArray(value.records)) {
    return {
      form: 'firehose-event',
      records: value.records.map((record: unknown, recordIndex) => {
        const { data, recordId } = (record ?? {}) as { data?: unknown; recordId?: unknown };
        const origin: RecordOrigin = { recordIndex, file, ...(typeof recordId === 'string' && { recordId }) };
        return { kind: 'base64', data: data as string, origin } as const;
      }),
    };
  }
  if (typeof value.messageType === 'string') {
    return { form: 'envelope', records: [{ kind: 'bytes', bytes, origin: { recordIndex: 0, file } }] };
  }
  throw new InputError(
    `${file} is not a Lambda Kinesis event, a Firehose transformation event, or a CloudWatch Logs subscription envelope (for bare messages, one per line, as Firehose's message extraction writes them, name their log group and type with --bare-log-group and --bare-type).`,
  );
};
