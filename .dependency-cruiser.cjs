/** Dependency rules from docs/ARCHITECTURE.md (see ../shared/design/architecture.md §4). */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'contracts-zod-only',
      comment: 'packages/contracts is browser-safe: zod only, no Node APIs',
      severity: 'error',
      from: { path: '^packages/contracts/src' },
      to: { pathNot: ['^packages/contracts/src', 'node_modules/zod'] },
    },
    {
      name: 'web-only-contracts',
      severity: 'error',
      from: { path: '^apps/web/src' },
      to: { path: '^(apps/(server|runner|ats-sandbox)|packages/(?!contracts))' },
    },
    {
      name: 'runner-isolated',
      comment:
        'the runner has no database and no secrets: only contracts, zod, yaml, XML parser, node built-ins',
      severity: 'error',
      from: { path: '^apps/runner/src' },
      to: {
        path: [
          '^apps/(server|web|ats-sandbox)',
          'node_modules/(?!(zod|yaml|fast-xml-parser|@assay/contracts)/)',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'ats-sandbox-independent',
      comment: 'written from partner docs so it cannot share our mistakes',
      severity: 'error',
      from: { path: '^apps/ats-sandbox/src' },
      to: { path: ['^apps/(server|web|runner)', '^packages/'] },
    },
    {
      name: 'platform-not-modules',
      severity: 'error',
      from: { path: '^apps/server/src/platform' },
      to: { path: '^apps/server/src/(modules|integrations|main)' },
    },
    {
      name: 'modules-via-index',
      comment: 'other modules only through their index.ts',
      severity: 'error',
      from: { path: '^apps/server/src/modules/([^/]+)/' },
      to: {
        path: '^apps/server/src/modules/([^/]+)/(?!index\\.ts$)',
        pathNot: '^apps/server/src/modules/$1/',
      },
    },
    {
      name: 'integrations-no-db',
      severity: 'error',
      from: { path: '^apps/server/src/integrations' },
      to: { path: '^apps/server/src/(db|modules/(?!ats/index\\.ts))' },
    },
    {
      name: 'migrations-kysely-only',
      severity: 'error',
      from: { path: '^apps/server/src/db/migrations' },
      to: { path: '^apps/server/src/(?!db/migrations)' },
    },
    {
      name: 'no-main-from-below',
      severity: 'error',
      from: { path: '^apps/server/src/(?!main)' },
      to: { path: '^apps/server/src/main' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['dist/', '\\.test\\.ts$', '/test/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['source', 'import', 'default'] },
  },
};
