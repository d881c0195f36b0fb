// The floors of src/ (see STYLE.md): imports only go down, plug-ins are reached through their entry points,
// and development-only code and packages stay out of what ships. tools/ (chaos, footprint, bench) stands
// beside src/: it may use src/, never the other way round. `npm run depcheck` fails on any violation.

// Paths are relative to where depcruise runs (the repository root).
const PLUGIN_ENTRY_POINTS = '^src/(transformers|connectors)/index[.]ts$';
// The warehouse is a plug-in area too (beside the connectors): sources and entry points see its index.ts.
const WAREHOUSE_ENTRY_POINT = '^src/warehouse/index[.]ts$';
// The dashboards ship with the deploy-time setup (the saved objects' import), through their index.ts.
const DASHBOARDS_ENTRY_POINT = '^src/dashboards/index[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment:
        'The contracts are the ground floor: everything depends on them, so they may depend on nothing else.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'transformers-import-only-core',
      severity: 'error',
      comment:
        'A log type is a plug-in written against the contracts, so it must not know the engine or sources.',
      from: { path: '^src/transformers/' },
      to: { path: '^src/', pathNot: '^src/(core|transformers)/' },
    },
    {
      name: 'connectors-import-only-core',
      severity: 'error',
      comment:
        'A destination is a plug-in written against the contracts, so it must not know the engine or sources.',
      from: { path: '^src/connectors/' },
      to: { path: '^src/', pathNot: '^src/(core|connectors)/' },
    },
    {
      name: 'warehouse-on-the-plugin-floor',
      severity: 'error',
      comment:
        "The warehouse reads what the connectors wrote: it may use the contracts, the engine, the field table (transformers' entry point) and the connectors' OpenSearch client helpers, never the sources or the CLI.",
      from: { path: '^src/warehouse/' },
      to: {
        path: '^src/',
        pathNot: ['^src/(core|pipeline|connectors|warehouse)/', '^src/transformers/index[.]ts$'],
      },
    },
    {
      name: 'pipeline-reaches-plugins-through-entry-points',
      severity: 'error',
      comment:
        'The engine sees plug-ins only through their index.ts entry points, so a plug-in can change inside its folder.',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/', pathNot: ['^src/(core|pipeline)/', PLUGIN_ENTRY_POINTS] },
    },
    {
      name: 'dashboards-reach-plugins-through-entry-points',
      severity: 'error',
      comment:
        'The dashboards are generated from the field table and the dead-letter mapping, which they reach through the plug-in entry points; they ship with `setup dashboards`, so never the engine, the sources, the CLI or the local servers.',
      from: { path: '^src/dashboards/' },
      to: { path: '^src/', pathNot: ['^src/(core|dashboards)/', PLUGIN_ENTRY_POINTS] },
    },
    {
      name: 'consumers-stay-below-cli-and-dev',
      severity: 'error',
      comment:
        'Sources ship in the Lambda bundles and the ECS poller, so they use the engine and entry points only.',
      from: { path: '^src/consumers/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/(core|pipeline|consumers)/',
          PLUGIN_ENTRY_POINTS,
          WAREHOUSE_ENTRY_POINT,
          DASHBOARDS_ENTRY_POINT,
        ],
      },
    },
    {
      name: 'library-entry-not-to-cli-or-local',
      severity: 'error',
      comment:
        'src/index.ts is what a library user loads: the contracts, the engine, the registries and the consumers, never the CLI or the local servers.',
      from: { path: '^src/index[.]ts$' },
      to: { path: '^src/(cli|local)/' },
    },
    {
      name: 'local-not-to-cli',
      severity: 'error',
      comment:
        'Local servers, synthetic data and fixture loading serve the CLI, so they must not depend on it in turn.',
      from: { path: '^src/local/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-cli-imports-local',
      severity: 'error',
      comment:
        'What `npm start` and `dashboards serve` run here (local servers, synthetic data) must never end up in shipped code paths.',
      from: { path: '^src/', pathNot: '^src/(cli|local)/' },
      to: { path: '^src/local/' },
    },
    {
      name: 'synthetic-only-from-local',
      severity: 'error',
      comment:
        "A log type's synthetic data maker is development code that lives beside it, for src/local only.",
      from: { path: '^src/', pathNot: '^src/local/' },
      to: { path: '^src/transformers/[^/]+/synthetic[.]ts$' },
    },
    {
      name: 'src-not-to-tools',
      severity: 'error',
      comment:
        'tools/ (chaos, footprint, bench) measures and tortures the product from outside: it is never compiled into dist/, so nothing in src/ may need it.',
      from: { path: '^src/' },
      to: { path: '^tools/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Tests depend on the code, never the other way round; shared helpers belong in src or tools.',
      from: { path: '^(src|tools)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one floor in disguise, and makes load order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Only the CLI and src/local may use devDependencies (tools/ may too); everything else ships with production ones.',
      from: { path: '^src/', pathNot: '^src/(cli|local)/' },
      to: {
        dependencyTypes: ['npm-dev'],
        // Type-only imports (e.g. the aws-lambda event types) vanish from the compiled JavaScript.
        dependencyTypesNot: ['type-only'],
        pathNot: ['node_modules/@types/'],
      },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'A package that package.json does not declare works only by accident of hoisting.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time, or hides from every other rule.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: they draw the architecture as much as value imports do.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
