#!/usr/bin/env node
// The integration suites against the other Elasticsearch majors than the one `npm test` starts (8.19):
// each version gets its own local node (its zip from Maven Central, cached; 9.x on a JDK 21+ found on the
// machine) and runs every integration test, OpenSearch's too, since they share one global setup. Too slow
// for every `npm test` (about two minutes a version); run it when the connector or setup changes.
//   npm run test:engines                 # 9.1.0 and 7.17.29
//   npm run test:engines -- 9.2.0        # the versions given
const { spawnSync } = require('node:child_process');

const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['9.1.0', '7.17.29'];
const results = versions.map((version) => {
  process.stdout.write(`\nElasticsearch ${version}: the integration suites\n`);
  const run = spawnSync('npx', ['jest', '--selectProjects', 'integration'], {
    stdio: 'inherit',
    env: { ...process.env, CWLPIPE_ELASTICSEARCH_VERSION: version, ELASTICSEARCH_URL: '' },
  });
  return { version, ok: run.status === 0 };
});
for (const { version, ok } of results)
  process.stdout.write(`Elasticsearch ${version}: ${ok ? 'passed' : 'FAILED'}\n`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
