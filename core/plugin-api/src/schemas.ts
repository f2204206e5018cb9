// The record contracts as plain schemas, with nothing that needs Node: what an adapter bundled
// for the sandbox may import (`@aether/plugin-api/schemas`); the main entry also computes ids
// with node:crypto, which no isolate has.

export { SignalV1, Severity } from './contracts/signal-v1.js'
export { TelemetryV1 } from './contracts/telemetry-v1.js'
export { EnrichmentV1 } from './contracts/enrichment-v1.js'
export { ForecastV1 } from './contracts/forecast-v1.js'
export { DecisionV1, DecisionAction } from './contracts/decision-v1.js'
export { DecisionV2, DecisionExplanation, FiredRule, AppliedGuardrail } from './contracts/decision-v2.js'
export type { ValidationIssue } from './contracts/invalid-record.js'
export { findUnstorable } from './contracts/storable.js'
