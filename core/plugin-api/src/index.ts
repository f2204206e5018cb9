// The contract plugins build against. No runtime dependency beyond TypeBox, no side effect on
// import: the kernel, bus, pipeline and CLI that run plugins are @aether/core.

export { defineError, isAetherError, AetherError, type AetherErrorClass } from './define-error.js'
export { BusClosed, ContractDuplicate, ContractIdMissing, ContractUnknown, StorageRecordsRefused } from './errors.js'
export type { Logger, LogMethod } from './logger.js'

export type { AetherPlugin, PluginContext, PluginInspectContext, PluginInspection } from './plugin/plugin.js'
export type { PluginMetrics, CounterMetric, GaugeMetric, MetricLabels } from './plugin/plugin-metrics.js'
export { PluginManifest, type PluginManifestInput } from './plugin/manifest.js'

export {
  extensionPoint, type ExtensionPoint, type StageContext, type ItemResult, type Named,
} from './extension-points/extension-point.js'
export {
  sourcePoint, validatorPoint, enricherPoint, forecasterPoint, policyEnginePoint, storagePoint, moveAdmissionPoint, busPoint, extensionPoints,
} from './extension-points/points.js'
export type { SignalSource } from './extension-points/signal-source.js'
export type { Validator, Verdict } from './extension-points/validator.js'
export type { Enricher, Enrichment } from './extension-points/enricher.js'
export type { Forecaster, ForecastInput, Forecast } from './extension-points/forecaster.js'
export type { PolicyEngine, Decision, WorkloadDecision } from './extension-points/policy-engine.js'
export type { RecordStorage, WriteOutcome, WindowQuery } from './extension-points/record-storage.js'
export type { MoveAdmission, MoveRequest, MoveVerdict } from './extension-points/move-admission.js'
export {
  subjects, deadLetterSubject, type Bus, type BusSettings, type BusMessage, type PublishOptions, type PublishResult,
  type ConsumeOptions, type ConsumerDeclaration, type ConsumerRef, type MessageHandler, type Subscription, type ConsumerBacklog,
} from './extension-points/bus.js'

export { SignalV1, Severity } from './contracts/signal-v1.js'
export { TelemetryV1 } from './contracts/telemetry-v1.js'
export { EnrichmentV1 } from './contracts/enrichment-v1.js'
export { ForecastV1 } from './contracts/forecast-v1.js'
export { DecisionV1, DecisionAction } from './contracts/decision-v1.js'
export { DecisionV2, DecisionExplanation, FiredRule, AppliedGuardrail } from './contracts/decision-v2.js'
export { InvalidRecord, ValidationIssue } from './contracts/invalid-record.js'
export { TenantId, Timestamp } from './contracts/record-fields.js'
export { recordId, batchId } from './contracts/record-id.js'
export { findUnstorable, isStorableText, storableText, toStorableJson, maxStorableDepth } from './contracts/storable.js'
export { ContractRegistry, createContractRegistry, type ContractCheck } from './contracts/contract-registry.js'
export type { AetherRecord, RecordHeader, DraftRecord, KnownRecord } from './contracts/record.js'
