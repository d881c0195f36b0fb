const { lazyModulesRequiredBy, BUNDLING } = require('../../../scripts/bundle-lazy-modules.js') as {
  lazyModulesRequiredBy: (bundleText: string) => string[];
  BUNDLING: { lazyModules: string[] };
};

describe('lazyModulesRequiredBy', () => {
  it('finds the lazy modules a bundle requires or imports, and no others', () => {
    // Prepare: what esbuild writes for an external require and an external dynamic import.
    const bundle =
      'var a=require("@aws-sdk/credential-provider-node");async function b(){return import("@aws-sdk/client-s3")}' +
      'const c=require("@aws-sdk/client-kinesis");const d="@aws-sdk/client-secrets-manager";';

    // Act
    const found = lazyModulesRequiredBy(bundle);

    // Assess: a name in a string is not a require; client-kinesis is no lazy module.
    expect(found.sort()).toEqual(['@aws-sdk/client-s3', '@aws-sdk/credential-provider-node']);
    expect(BUNDLING.lazyModules).toEqual(expect.arrayContaining(found));
  });
});
