import 'reflect-metadata'

export {
  ManifestInvalid, PluginMissing, PluginIncompatible, EngineIncompatible, PluginCycle, PluginDuplicate,
  ExtensionPointConflict, ExtensionPointUndeclared, ExtensionPointMissing, PluginRegisterFailed,
  ConfigInvalid, ConfigUnreadable, PluginImportFailed, KernelState, StageResultCount, TopologyConsumerUnknown,
} from './errors.js'
export { kernelVersion } from './version.js'

export { createKernel, type Kernel, type KernelOptions, type ConfiguredPlugin } from './kernel/create-kernel.js'
export { createKernelFromConfig, importPlugins, importPluginModule, type PluginModule } from './kernel/load-plugins.js'
export { validateManifest } from './plugins/manifest.js'
export { loadOrder } from './plugins/load-order.js'

// The plugin contract, re-exported so that `import { ... } from '@aether/core'` keeps working.
// Plugins import it from @aether/plugin-api, which carries none of the kernel's dependencies.
export {
  defineError, isAetherError, AetherError, type AetherErrorClass, BusClosed, ContractDuplicate, ContractIdMissing, ContractUnknown,
  StorageRecordsRefused,
  type AetherPlugin, type PluginContext, type PluginInspectContext, type PluginInspection, PluginManifest, type PluginManifestInput,
  type PluginMetrics, type CounterMetric, type GaugeMetric, type MetricLabels,
  extensionPoint, type ExtensionPoint, type StageContext, type ItemResult, type Named,
  sourcePoint, validatorPoint, enricherPoint, forecasterPoint, policyEnginePoint, storagePoint, busPoint, extensionPoints,
  type SignalSource, type Validator, type Verdict, type Enricher, type Enrichment, type Forecaster, type ForecastInput,
  type Forecast, type PolicyEngine, type Decision, type WorkloadDecision, type RecordStorage, type WriteOutcome, type WindowQuery,
  subjects, deadLetterSubject, type Bus, type BusSettings, type BusMessage, type PublishOptions, type PublishResult,
  type ConsumeOptions, type ConsumerDeclaration, type ConsumerRef, type MessageHandler, type Subscription, type ConsumerBacklog,
  SignalV1, Severity, TelemetryV1, EnrichmentV1, ForecastV1, DecisionV1, DecisionV2, DecisionAction, InvalidRecord, ValidationIssue,
  TenantId, Timestamp, recordId, batchId, findUnstorable, isStorableText, storableText, toStorableJson, maxStorableDepth,
  ContractRegistry, createContractRegistry, type ContractCheck,
  type AetherRecord, type RecordHeader, type DraftRecord, type KnownRecord,
} from '@aether/plugin-api'

export { InProcessBus, type InProcessBusOptions } from './bus/in-process-bus.js'

export { AetherConfig, PipelineConfig, PluginEntry } from './config/aether-config.js'
export { loadConfig, validateConfig, type ConfigSources, type LoadedConfig } from './config/load-config.js'
export { createLogger, LogLevel, type Logger } from './logger.js'
export { createStageMetrics, serveMetrics, type StageMetrics } from './metrics.js'
export { pluginMetrics } from './plugins/plugin-metrics.js'

export {
  runPipeline, pipelineRoles, type PipelineRole, type RunOptions, type RunProgress, type RunSummary,
} from './pipeline/run-pipeline.js'
export type { RunCounts } from './pipeline/stage-runtime.js'
export { pipelineConsumers } from './pipeline/topology.js'

export type { CliContribution } from './cli/cli-contribution.js'
export { createProgram, runCli } from './cli/create-program.js'
export { withConfigOptions, loadCommandConfig, type ConfigOptions } from './cli/config-options.js'
export { integerAtLeast, oneOf, usageExitCode } from './cli/usage.js'
