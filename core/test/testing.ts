// Test helpers other packages reuse; source-only, never part of the published build.
export { describeBus, numberedRecords, until, type BusLimits } from './bus-suite.js'
export { describePipeline } from './pipeline-suite.js'
export { temporaryDirectories } from './temporary-directories.js'
export { aetherCli, runAether, type CliOutcome } from './run-aether.js'
