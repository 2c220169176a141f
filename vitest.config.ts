import { defineConfig } from 'vitest/config';

// One Vitest run, several projects. `scripts/test.mjs` picks which projects run and
// sets ASSAY_TEST_DIALECT for the server suites (sqlite, then postgres).
import { fileURLToPath } from 'node:url';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
// Workspace packages resolve to their TypeScript sources (like the `source` export condition).
const source = {
  alias: [
    { find: /^@assay\/contracts$/, replacement: here('./packages/contracts/src/index.ts') },
    { find: /^@assay\/runner\/protocol$/, replacement: here('./apps/runner/src/protocol/index.ts') },
    { find: /^@assay\/runner$/, replacement: here('./apps/runner/src/index.ts') },
  ],
};

export default defineConfig({
  test: {
    allowOnly: false,
    passWithNoTests: true,
    retry: 0,
    projects: [
      {
        resolve: source,
        test: { name: 'contracts', include: ['packages/contracts/src/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: source,
        test: {
          name: 'runner',
          include: ['apps/runner/src/**/*.test.ts', 'apps/runner/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: source,
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: source,
        test: {
          name: 'ats-sandbox',
          include: ['apps/ats-sandbox/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: source,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Browser state settles at the machine's pace (autosave debounce, polling, jobs): a loaded
          // CI machine needs more than Vitest's 1 s default; the test timeout still bounds a run.
          expect: { poll: { timeout: 30_000, interval: 100 } },
        },
      },
    ],
  },
});
