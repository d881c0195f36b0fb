import {
  coldStartLine,
  contributorsOf,
  FOOTPRINT_TARGETS,
  type FootprintReport,
  formatFootprint,
  type HandlerFootprint,
  median,
  targetLines,
  verdict,
} from '../../../tools/footprint/report';

const kinesisWith = (bundleBytes: number, runsMs: number[]): HandlerFootprint => ({
  name: 'kinesis',
  entry: 'src/consumers/kinesis.handler.ts',
  bundleBytes,
  contributors: [
    { name: '@opensearch-project/opensearch', bytes: 250_000 },
    { name: 'src/transformers', bytes: 46_000 },
  ],
  lazyModules: [{ name: '@aws-sdk/client-s3', bytes: 593_000 }],
  coldImport: { runsMs },
});

const batchWithin = {
  type: 'vpcflow',
  records: 10_000,
  events: 70_000,
  dataBytes: 6_000_000,
  eventBytes: 13_000_000,
  documents: 70_000,
  failedRecords: 0,
  peakHeapUsedBytes: 65 * 1024 * 1024,
  peakHeapTotalBytes: 90 * 1024 * 1024,
  peakRssBytes: 180 * 1024 * 1024,
  heapLimitMiB: 256,
};

const reportOf = (handlers: HandlerFootprint[], batches = [batchWithin]): FootprintReport => ({
  date: '2026-11-28',
  node: '20.20.2',
  handlers,
  batches,
});

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even one', () => {
    // Act + Assess
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses no values', () => {
    // Act + Assess
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('contributorsOf', () => {
  it('groups metafile inputs by package (scoped or not, nested node_modules too) and by source folder', () => {
    // Prepare
    const inputs = {
      'node_modules/zod/v4/core/api.js': { bytesInOutput: 10 },
      'node_modules/zod/v4/mini/schemas.js': { bytesInOutput: 5 },
      'node_modules/@aws-lambda-powertools/logger/node_modules/@aws-lambda-powertools/commons/lib/x.js': {
        bytesInOutput: 7,
      },
      'node_modules/@aws-lambda-powertools/logger/lib/Logger.js': { bytesInOutput: 20 },
      'src/connectors/opensearch/config.ts': { bytesInOutput: 3 },
      'src/connectors/registry.ts': { bytesInOutput: 4 },
      'src/core/index.ts': { bytesInOutput: 0 },
    };

    // Act
    const contributors = contributorsOf(inputs);

    // Assess: largest first; nothing of zero bytes.
    expect(contributors).toEqual([
      { name: '@aws-lambda-powertools/logger', bytes: 20 },
      { name: 'zod', bytes: 15 },
      { name: '@aws-lambda-powertools/commons', bytes: 7 },
      { name: 'src/connectors', bytes: 7 },
    ]);
  });
});

describe('verdict', () => {
  it('meets a target at or under it and misses it above', () => {
    // Act + Assess
    expect(verdict(FOOTPRINT_TARGETS.coldImportMs, FOOTPRINT_TARGETS.coldImportMs)).toBe('MET');
    expect(verdict(FOOTPRINT_TARGETS.coldImportMs + 0.1, FOOTPRINT_TARGETS.coldImportMs)).toBe('MISSED');
  });
});

describe('targetLines', () => {
  it('says MET for a bundle and import within the targets and a batch that finished', () => {
    // Prepare
    const report = reportOf([kinesisWith(497_000, [30, 35, 90])]);

    // Act
    const lines = targetLines(report);

    // Assess
    expect(lines).toEqual([
      'target: kinesis bundle <= 600.0 kB: 497.0 kB MET',
      'target: kinesis cold import <= 40 ms: 35.0 ms MET',
      'target: 10000-record vpcflow batch within 256 MiB of heap: peak 65.0 MiB used, 90.0 MiB committed MET',
    ]);
  });

  it('says MISSED for a bundle over 600 kB, a slow import, and a batch that ran out of heap', () => {
    // Prepare
    const outOfHeap = { ...batchWithin, error: 'exit 134: JavaScript heap out of memory' };
    const report = reportOf([kinesisWith(1_510_000, [108, 110, 95])], [outOfHeap]);

    // Act
    const lines = targetLines(report);

    // Assess
    expect(lines).toEqual([
      'target: kinesis bundle <= 600.0 kB: 1510.0 kB MISSED',
      'target: kinesis cold import <= 40 ms: 108.0 ms MISSED',
      'target: 10000-record vpcflow batch within 256 MiB of heap: MISSED (exit 134: JavaScript heap out of memory)',
    ]);
  });

  it('misses the batch target when records failed, and the import target when the import failed', () => {
    // Prepare
    const failedImport: HandlerFootprint = {
      ...kinesisWith(497_000, []),
      coldImport: { error: 'ConfigError' },
    };
    const report = reportOf([failedImport], [{ ...batchWithin, failedRecords: 3 }]);

    // Act
    const lines = targetLines(report);

    // Assess
    expect(lines[1]).toBe('target: kinesis cold import <= 40 ms: MISSED (the import failed)');
    expect(lines[2]).toBe(
      'target: 10000-record vpcflow batch within 256 MiB of heap: MISSED (3 records failed)',
    );
  });

  it('says the Kinesis handler was not measured when it is absent', () => {
    // Act + Assess
    expect(targetLines(reportOf([]))).toEqual(['targets: the Kinesis handler was not measured']);
  });
});

describe('formatFootprint', () => {
  it('prints each handler with its lazy modules, deployed total, contributors and cold import runs', () => {
    // Prepare
    const report = reportOf([kinesisWith(497_000, [30, 35, 90])]);

    // Act
    const text = formatFootprint(report, 1);

    // Assess
    expect(text).toContain('cwlpipe footprint, 2026-11-28, node 20.20.2');
    expect(text).toContain('bundle index.js       497.0 kB minified (source map not counted)');
    expect(text).toContain(
      'lazy modules beside   593.0 kB, loaded on first use: @aws-sdk/client-s3 593.0 kB',
    );
    expect(text).toContain('deployed code         1090.0 kB (index.js + lazy modules)');
    expect(text).toContain('largest contributors  @opensearch-project/opensearch 250.0 kB\n');
    expect(text).toContain('cold import           median 35.0 ms of 3 fresh processes (30, 35, 90)');
    expect(text).toContain(
      '70000 documents, 0 records failed; peak heap used 65.0 MiB (committed 90.0 MiB), peak RSS 180.0 MiB',
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'target: 10000-record vpcflow batch within 256 MiB of heap: peak 65.0 MiB used, 90.0 MiB committed MET',
    );
  });
});

describe('coldStartLine', () => {
  it('prints the median total of import + first batch, and the median of each part', () => {
    // Prepare: totals 100, 90, 130; the medians of the parts need not add up to the total's.
    const figure = {
      batch: 'one batch of 10 vpcflow records, 100 events',
      runs: [
        { importMs: 40, firstBatchMs: 60 },
        { importMs: 45, firstBatchMs: 45 },
        { importMs: 38, firstBatchMs: 92 },
      ],
    };

    // Act
    const line = coldStartLine(figure);

    // Assess
    expect(line).toBe(
      '  cold first batch      median 100.0 ms = import 40.0 + first batch 60.0 ms (medians; one batch of 10 vpcflow records, 100 events; 3 fresh processes: 100, 90, 130)',
    );
  });

  it('says why the cold start failed', () => {
    // Act
    const line = coldStartLine({ batch: 'one batch of 10 vpcflow records', error: '2 records failed' });

    // Assess
    expect(line).toBe('  cold first batch      failed (one batch of 10 vpcflow records): 2 records failed');
  });

  it('is printed with the Kinesis handler and reported beside the targets, without one of its own', () => {
    // Prepare
    const kinesis: HandlerFootprint = {
      ...kinesisWith(497_000, [30, 35, 90]),
      coldStart: { batch: 'one batch', runs: [{ importMs: 35, firstBatchMs: 50 }] },
    };
    const report = reportOf([kinesis]);

    // Act
    const text = formatFootprint(report);
    const lines = targetLines(report);

    // Assess
    expect(text).toContain('cold first batch      median 85.0 ms = import 35.0 + first batch 50.0 ms');
    expect(lines[2]).toBe('kinesis cold first batch (import + first batch, no target): 85.0 ms');
    expect(lines.some((line) => line.includes('MISSED'))).toBe(false);
  });
});
