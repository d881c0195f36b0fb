import { ArchiveAddressError, archiveLocationFromEnv } from '../../../../src/connectors';

describe('archiveLocationFromEnv', () => {
  it('is off without CWLPIPE_ARCHIVE_BUCKET, and puts payloads under raw/ of a named bucket by default', () => {
    // Prepare // Act
    const off = archiveLocationFromEnv({});
    const named = archiveLocationFromEnv({ CWLPIPE_ARCHIVE_BUCKET: 'logs-archive' });
    const prefixed = archiveLocationFromEnv({
      CWLPIPE_ARCHIVE_BUCKET: 'logs-archive',
      CWLPIPE_ARCHIVE_PREFIX: 'cwl/raw/',
    });
    const address = archiveLocationFromEnv({ CWLPIPE_ARCHIVE_BUCKET: 's3://logs-archive/payloads' });
    // Assess
    expect(off).toBeUndefined();
    expect(named).toEqual({ bucket: 'logs-archive', prefix: 'raw' });
    expect(prefixed).toEqual({ bucket: 'logs-archive', prefix: 'cwl/raw' });
    expect(address).toEqual({ bucket: 'logs-archive', prefix: 'payloads' });
  });

  it('refuses a bad bucket, a prefix without a bucket, and a prefix given twice, naming the variable', () => {
    // Prepare // Act
    const badBucket = () => archiveLocationFromEnv({ CWLPIPE_ARCHIVE_BUCKET: 'Logs_Archive' });
    const prefixOnly = () => archiveLocationFromEnv({ CWLPIPE_ARCHIVE_PREFIX: 'raw' });
    const twice = () =>
      archiveLocationFromEnv({ CWLPIPE_ARCHIVE_BUCKET: 's3://logs-archive/a', CWLPIPE_ARCHIVE_PREFIX: 'b' });
    // Assess
    expect(badBucket).toThrow(ArchiveAddressError);
    expect(badBucket).toThrow('CWLPIPE_ARCHIVE_BUCKET: archive address "s3://Logs_Archive/raw"');
    expect(prefixOnly).toThrow('CWLPIPE_ARCHIVE_PREFIX is set but CWLPIPE_ARCHIVE_BUCKET is not');
    expect(twice).toThrow('leave CWLPIPE_ARCHIVE_PREFIX unset');
  });
});
