// One project per test layer, so `npx jest --selectProjects unit` runs just the fast ones.
const tsJest = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const base = {
  testEnvironment: 'node',
  transform: tsJest,
  moduleFileExtensions: ['ts', 'js', 'json'],
  // CDK's cloud assemblies (cdk.out, the infra tests' under .cache) hold staged copies of the repository.
  modulePathIgnorePatterns: ['<rootDir>/cdk.out/', '<rootDir>/.cache/'],
};

// Test workers inherit this: the SDK's Node 22 notice is not actionable with our pinned versions.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  // Jest reads testTimeout only here, not per project; integration tests against real servers need the room.
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.test.ts'] },
    { ...base, displayName: 'replay', testMatch: ['<rootDir>/test/replay/**/*.test.ts'] },
    // tools/ (chaos, footprint, bench) and the check that none of it lands in dist/.
    { ...base, displayName: 'tools', testMatch: ['<rootDir>/test/tools/**/*.test.ts'] },
    {
      ...base,
      displayName: 'infra',
      testMatch: ['<rootDir>/test/infra/**/*.test.ts'],
      // One synth per configuration for every infra test file (bundling and cdk-nag included).
      globalSetup: '<rootDir>/test/infra/global-setup.ts',
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
  ],
};
