import { defineConfig } from 'vitest/config'

// Tests import workspace packages from their TypeScript sources (the "@aether/source" export
// condition), so a change in one package is seen by the others' tests without a rebuild.
// Child processes the tests start (the CLI, role processes) run the built JavaScript, and so does
// the PGlite worker thread (with the built storage code it loads): `npm test` builds first.
export default defineConfig({
  resolve: { conditions: ['@aether/source'] },
  ssr: { resolve: { conditions: ['@aether/source'], externalConditions: ['@aether/source'] } },
  test: {
    pool: 'forks',
    include: ['{core,plugins,adapters,conformance,registry,examples}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `npm test` runs with --coverage; a targeted `npx vitest run <path>` does not, so its partial
    // figures never trip the thresholds. What is measured and why: CONTRIBUTING.md, "Testing".
    coverage: {
      provider: 'v8',
      include: ['core/src/**/*.ts', 'plugins/*/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.test-d.ts'],
      reporter: [['text', { skipFull: true }], 'text-summary', 'json-summary'],
      // Each glob is held to its total; set about two points below the figures measured on 2026-12-01
      // (statements / branches / functions / lines: core 77.9 / 63.9 / 78.7 / 80.7, plugins 77.0 / 66.6 / 78.6 / 79.8).
      thresholds: {
        'core/src/**/*.ts': { statements: 75, branches: 61, functions: 76, lines: 78 },
        'plugins/*/src/**/*.ts': { statements: 74, branches: 64, functions: 76, lines: 77 },
      },
    },
  },
})
