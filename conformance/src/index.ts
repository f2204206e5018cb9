// The conformance harness: judges an adapter inside the sandbox host the product uses.

export { runConformance, type ConformanceOptions } from './run-conformance.js'
export { ConformanceReport, CheckResult, CheckStatus } from './report/conformance-report.js'
export { checkCatalog } from './checks/all-checks.js'
export { performanceFloors } from './checks/performance-check.js'
export { harnessVersion } from './harness-version.js'
export { RecordedFetch, recordedFetchFile } from './recorded/recorded-fetch.js'
export { harnessClock } from './run/harness-host.js'
export { renderMarkdown } from './report/render-markdown.js'
export { renderHtml } from './report/render-html.js'
export { writeReport } from './report/write-report.js'
export {
  ConformanceTargetMissing, ConformanceTarballCorrupt, ConformanceTarballUnsafe, ConformanceManifestUnreadable, ConformanceBaselineMismatch,
  ConformanceRecordingsInvalid,
} from './errors.js'
export { addConformanceCommand } from './cli/conformance-command.js'

import { addConformanceCommand } from './cli/conformance-command.js'
/** The CLI commands this package contributes to `aether`. */
export const commands = [addConformanceCommand]
