import 'reflect-metadata'

export { defineError, isAetherError, AetherError, type AetherErrorClass } from './define-error.js'
export {
  ManifestInvalid, PluginMissing, PluginIncompatible, EngineIncompatible, PluginCycle, PluginDuplicate,
  ExtensionPointConflict, ExtensionPointUndeclared, ExtensionPointMissing, PluginRegisterFailed,
  ConfigInvalid, ConfigUnreadable, PluginImportFailed, KernelState, BusClosed, ContractUnknown,
  StageResultCount, StorageRecordsRefused, TopologyConsumerUnknown,
} from './errors.js'
export { kernelVersion } from './version.js'

export { createKernel, type Kernel, type KernelOptions, type ConfiguredPlugin } from './kernel/create-kernel.js'
export { createKernelFromConfig, importPlugins, importPluginModule, type PluginModule } from './kernel/load-plugins.js'
export { PluginManifest, validateManifest, type PluginManifestInput } from './plugins/manifest.js'
export { loadOrder } from './plugins/load-order.js'
export type { AetherPlugin, PluginContext } from './plugins/plugin.js'

export {
  extensionPoint, type ExtensionPoint, type StageContext, type ItemResult, type Named,
} from './extension-points/extension-point.js'
export {
  sourcePoint, validatorPoint, enricherPoint, forecasterPoint, policyEnginePoint, storagePoint, busPoint, extensionPoints,
} from './extension-points/points.js'
export type { SignalSource } from './extension-points/signal-source.js'
export type { Validator, Verdict } from './extension-points/validator.js'
export type { Enricher, Enrichment } from './extension-points/enricher.js'
export type { Forecaster, ForecastInput, Forecast } from './extension-points/forecaster.js'
export type { PolicyEngine, Decision } from './extension-points/policy-engine.js'
export type { RecordStorage, WriteOutcome, WindowQuery } from './extension-points/record-storage.js'

export { SignalV1, Severity } from './contracts/signal-v1.js'
export { TelemetryV1 } from './contracts/telemetry-v1.js'
export { EnrichmentV1 } from './contracts/enrichment-v1.js'
export { ForecastV1 } from './contracts/forecast-v1.js'
export { DecisionV1, DecisionAction } from './contracts/decision-v1.js'
export { InvalidRecord, ValidationIssue } from './contracts/invalid-record.js'
export { TenantId, Timestamp } from './contracts/record-fields.js'
export { recordId, batchId } from './contracts/record-id.js'
export { findUnstorable, isStorableText, storableText, toStorableJson, maxStorableDepth } from './contracts/storable.js'
export { ContractRegistry, createContractRegistry, type ContractCheck } from './contracts/contract-registry.js'
export type { AetherRecord, RecordHeader, DraftRecord, KnownRecord } from './contracts/record.js'

export {
  subjects, deadLetterSubject, type Bus, type BusMessage, type PublishOptions, type PublishResult,
  type ConsumeOptions, type ConsumerDeclaration, type ConsumerRef, type MessageHandler, type Subscription, type ConsumerBacklog,
} from './bus/bus.js'
export { InProcessBus, type InProcessBusOptions } from './bus/in-process-bus.js'

export { AetherConfig, PipelineConfig, PluginEntry } from './config/aether-config.js'
export { loadConfig, validateConfig, type ConfigSources, type LoadedConfig } from './config/load-config.js'
export { createLogger, LogLevel, type Logger } from './logger.js'
export { createStageMetrics, serveMetrics, type StageMetrics } from './metrics.js'

export {
  runPipeline, pipelineRoles, type PipelineRole, type RunOptions, type RunProgress, type RunSummary,
} from './pipeline/run-pipeline.js'
export type { RunCounts } from './pipeline/stage-runtime.js'
export { pipelineConsumers } from './pipeline/topology.js'

export type { CliContribution } from './cli/cli-contribution.js'
export { createProgram, runCli } from './cli/create-program.js'
export { withConfigOptions, loadCommandConfig, type ConfigOptions } from './cli/config-options.js'
export { integerAtLeast, oneOf, usageExitCode } from './cli/usage.js'
