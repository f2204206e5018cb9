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
  },
})
