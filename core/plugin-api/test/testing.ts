// Test helpers other packages reuse; source-only, never part of the published build.
export { describeErrorCodes } from './error-codes-suite.js'
