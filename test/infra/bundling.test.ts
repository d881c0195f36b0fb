import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_NODE_OPTIONS } from '../../infra/lib/node-options';
import { CONSUMER_NODE_OPTIONS, LAMBDA_ENTRIES } from '../../tools/footprint/bundle';
import { INFRA_OUT } from './global-setup';
import { functionNamed, templateOf } from './support';

/** The directory of a function's bundled asset in the synthesized cloud assembly. */
const assetDirectoryOf = (configuration: 'defaults' | 'everything', name: string): string => {
  const code = functionNamed(templateOf(configuration), name).properties.Code as { S3Key: string };
  return join(INFRA_OUT, configuration, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
};

describe('the Kinesis consumer bundle', () => {
  it('leaves the lazily loaded SDK clients out of index.js and ships them beside it, loadable', () => {
    // Prepare
    const directory = assetDirectoryOf('everything', 'cwlpipe-consumer');
    const bundle = readFileSync(join(directory, 'index.js'), 'utf8');

    // Act: load the S3 client as the handler's import() would, from the asset.
    const s3 = require(join(directory, 'node_modules', '@aws-sdk', 'client-s3')) as Record<string, unknown>;

    // Assess
    expect(bundle).toContain('import("@aws-sdk/client-s3")');
    expect(typeof s3.S3Client).toBe('function');
    expect(typeof s3.PutObjectCommand).toBe('function');
    expect(
      existsSync(join(directory, 'node_modules', '@aws-sdk', 'credential-provider-node', 'index.js')),
    ).toBe(true);
  });

  it('is at most 600 kB minified, the footprint target (npm run footprint)', () => {
    // Prepare
    const directory = assetDirectoryOf('defaults', 'cwlpipe-consumer');

    // Act
    const bytes = statSync(join(directory, 'index.js')).size;

    // Assess
    expect(bytes).toBeLessThanOrEqual(600_000);
  });

  it("leaves the OpenSearch client's API modules out: it sends through the transport (transport-client.ts)", () => {
    // Prepare
    const directory = assetDirectoryOf('defaults', 'cwlpipe-consumer');

    // Act
    const bundle = readFileSync(join(directory, 'index.js'), 'utf8');

    // Assess: the client's namespace of API modules (OpenSearchApi.js) names each of them.
    expect(bundle).toContain('_bulk');
    expect(bundle).not.toContain('searchRelevance');
  });

  it('carries source maps without the sources', () => {
    // Prepare
    const directory = assetDirectoryOf('defaults', 'cwlpipe-consumer');

    // Act
    const map = JSON.parse(readFileSync(join(directory, 'index.js.map'), 'utf8')) as {
      sourcesContent?: unknown;
    };

    // Assess
    expect(map.sourcesContent).toBeUndefined();
  });
});

describe('npm run footprint', () => {
  it('runs the handlers with the NODE_OPTIONS the CDK app gives the functions', () => {
    // Assess
    expect(CONSUMER_NODE_OPTIONS.join(' ')).toBe(FUNCTION_NODE_OPTIONS);
  });

  it('measures every function the CDK app bundles, with the same external modules', () => {
    // Prepare: the entries infra/lib names, read from its source (the synthesized assets do not keep them).
    const lib = join(__dirname, '..', '..', 'infra', 'lib');
    const named = readdirSync(lib)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(join(lib, file), 'utf8').matchAll(/^\s+entry: '([^']+)'/gm)])
      .map((match) => match[1]);

    // Act
    const measured = LAMBDA_ENTRIES.map((lambda) => lambda.entry);

    // Assess
    expect([...measured].sort()).toEqual([...new Set(named)].sort());
    expect(LAMBDA_ENTRIES.find((lambda) => lambda.name === 'warehouse')?.externalModules).toEqual([
      '@duckdb/node-api',
    ]);
    expect(readFileSync(join(lib, 'warehouse.ts'), 'utf8')).toContain(
      "externalModules: ['@duckdb/node-api']",
    );
  });
});
