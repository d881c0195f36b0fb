import { gzipSync } from 'node:zlib';
import {
  ArchiveAddressError,
  ArchiveRangeError,
  archiveKey,
  hourPrefixes,
  parseArchiveUri,
} from '../../../../src/consumers/archive';

const envelopeOf = (logStream: string): Buffer =>
  gzipSync(
    JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: '/aws/lambda/f', logStream, logEvents: [] }),
  );

describe('parseArchiveUri', () => {
  it('reads a bucket and a prefix, dropping slashes at either end', () => {
    // Prepare
    const uri = 's3://logs-archive//cwlpipe/raw/';
    // Act
    const location = parseArchiveUri(uri);
    // Assess
    expect(location).toEqual({ bucket: 'logs-archive', prefix: 'cwlpipe/raw' });
  });

  it('refuses an address that is not s3:// or whose bucket name is invalid, naming it', () => {
    // Prepare
    const notS3 = 'https://logs-archive/cwlpipe';
    const badBucket = 's3://Logs_Archive/cwlpipe';
    // Act
    const readNotS3 = () => parseArchiveUri(notS3);
    const readBadBucket = () => parseArchiveUri(badBucket);
    // Assess
    expect(readNotS3).toThrow(ArchiveAddressError);
    expect(readNotS3).toThrow(notS3);
    expect(readBadBucket).toThrow('"Logs_Archive" is not a valid S3 bucket name');
  });
});

describe('archiveKey', () => {
  const location = { bucket: 'b', prefix: 'raw' };
  const receivedAt = new Date('2024-05-01T13:59:59.999Z');

  it('places a payload under its UTC hour of receipt', () => {
    // Prepare
    const payload = envelopeOf('s1');
    // Act
    const key = archiveKey(location, payload, receivedAt);
    // Assess
    expect(key).toMatch(/^raw\/2024\/05\/01\/13\/[0-9a-f]{64}\.gz$/);
  });

  it('names the same payload the same (a retried batch overwrites) and another payload otherwise', () => {
    // Prepare
    const payload = envelopeOf('s1');
    const retried = Buffer.from(payload);
    const other = envelopeOf('s2');
    // Act
    const keys = [payload, retried, other].map((bytes) => archiveKey(location, bytes, receivedAt));
    // Assess
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('writes at the bucket root when the prefix is empty', () => {
    // Prepare
    const root = parseArchiveUri('s3://bucket-at-root');
    // Act
    const key = archiveKey(root, envelopeOf('s1'), receivedAt);
    // Assess
    expect(key.startsWith('2024/05/01/13/')).toBe(true);
  });
});

describe('hourPrefixes', () => {
  const location = { bucket: 'b', prefix: 'raw' };

  it('lists every hour overlapping [from, to), the hour of from included even when from is inside it', () => {
    // Prepare
    const from = new Date('2024-05-01T22:30:00Z');
    const to = new Date('2024-05-02T01:00:00Z');
    // Act
    const prefixes = hourPrefixes(location, from, to);
    // Assess
    expect(prefixes).toEqual(['raw/2024/05/01/22/', 'raw/2024/05/01/23/', 'raw/2024/05/02/00/']);
  });

  it('finds the key a writer chose for any time inside the range', () => {
    // Prepare
    const receivedAt = new Date('2024-05-01T23:45:00Z');
    const key = archiveKey(location, envelopeOf('s1'), receivedAt);
    // Act
    const prefixes = hourPrefixes(
      location,
      new Date('2024-05-01T23:00:00Z'),
      new Date('2024-05-02T00:00:00Z'),
    );
    // Assess
    expect(prefixes.some((prefix) => key.startsWith(prefix))).toBe(true);
  });

  it('refuses an empty, reversed or unreadable range, saying which', () => {
    // Prepare
    const at = new Date('2024-05-01T00:00:00Z');
    // Act
    const empty = () => hourPrefixes(location, at, at);
    const unreadable = () => hourPrefixes(location, new Date('yesterday'), at);
    // Assess
    expect(empty).toThrow(ArchiveRangeError);
    expect(empty).toThrow('must be after --from');
    expect(unreadable).toThrow('must be dates');
  });
});
