import { defineConfig } from 'vitest/config'
import base from './vitest.config.js'

// `npm run soak`: long drills that repeat a disturbance (docs/operations.md), kept out of `npm test`.
// The same settings, with only the soaks included, one file at a time and no coverage.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['examples/**/*.soak.test.ts'], exclude: ['**/node_modules/**', '**/dist/**'], maxWorkers: 1, coverage: { enabled: false } },
})
