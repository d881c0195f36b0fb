import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '..', '..', '..');

// The Lambda handlers ship as esbuild bundles (what CDK's NodejsFunction makes): they must build, and
// must not drag the CLI, the local servers or test-only code into a function's cold start.
describe.each(['kinesis.handler.ts', 'firehose.handler.ts', 'setup.handler.ts'])(
  'Lambda bundle: %s',
  (entry) => {
    it('builds as one file without the CLI, the development servers, synthetic data or kinesalite', () => {
      // Act
      const result = buildSync({
        entryPoints: [join(root, 'src', 'consumers', entry)],
        bundle: true,
        platform: 'node',
        target: 'node20',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });

      // Assess
      expect(result.errors).toEqual([]);
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((input) => input.includes('src/consumers/'))).toBe(true);
      expect(
        inputs.filter((input) =>
          /src\/cli\/|src\/local\/|(^|\/)tools\/|src\/transformers\/[^/]+\/synthetic\.ts$|kinesalite|\/test\//.test(
            input,
          ),
        ),
      ).toEqual([]);
    });
  },
);

describe('Lambda bundle: warehouse.handler.ts', () => {
  it('builds with DuckDB left external, and without the CLI or the development servers', () => {
    // Act: in AWS the function writes to BigQuery; the native DuckDB module is loaded only when chosen
    const result = buildSync({
      entryPoints: [join(root, 'src', 'consumers', 'warehouse.handler.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['@duckdb/node-api'],
    });

    // Assess
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('src/warehouse/bigquery/'))).toBe(true);
    expect(
      inputs.filter((input) => /src\/cli\/|src\/local\/|(^|\/)tools\/|@duckdb\/|\/test\//.test(input)),
    ).toEqual([]);
  });
});
