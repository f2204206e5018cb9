// The sandbox host: third-party adapters as ordinary extension-point implementations. Nothing
// here loads isolated-vm; only the sandbox processes it forks do (sandbox-process.ts).

import { addSandboxCommands } from './cli/sandbox-commands.js'

export { plugin } from './plugin.js'
export { SandboxHostConfig, AdapterEntry, OperatorMaxima } from './config.js'
export { AdapterManifest, AdapterKind, AdapterLimits, adapterContracts } from './adapter-manifest.js'
export { readAdapter, type InstalledAdapter } from './read-adapter.js'
export { openAdapterPackage, isTarballPath, type AdapterPackage } from './adapter-package.js'
export { readTarball, TarballProblem } from './tarball/read-tarball.js'
export { SandboxPool } from './sandbox-pool.js'
export { SandboxedAdapter, type CallResult, type Keyed, type LogLimits, type RunResult } from './sandboxed-adapter.js'
export { SandboxedEnricher } from './sandboxed-enricher.js'
export { SandboxedValidator, type ValidatorAdapterInput } from './sandboxed-validator.js'
export { SandboxedForecaster, type ForecasterAdapterInput } from './sandboxed-forecaster.js'
export { SandboxedPolicy } from './sandboxed-policy.js'
export { SandboxedSource, checkPoll, defaultSourceLimits, maxCursorBytes, type CheckedPoll, type SourceLimits } from './sandboxed-source.js'
export type { FailureCode, FrozenClock } from './protocol.js'
export { CapabilityLimits } from './capabilities/capability-config.js'
export { capabilityServices } from './capabilities/capability-services.js'
export { grantedCapabilities, requestedCapabilities, type Capabilities, type FetchTarget } from './capabilities/grants.js'
export { AetherLock, LockedAdapter, lockfileName, adaptersFolderName } from './lockfile/adapter-lock.js'
export type { AdapterCapabilities, CapabilityServices } from './capabilities/call-capabilities.js'
export type { FetchResponse, ReplayedRequest } from './capabilities/host-fetch.js'
export {
  AdapterUnreadable, AdapterTarballCorrupt, AdapterTarballUnsafe, AdapterManifestInvalid, AdapterBundleMismatch, AdapterLockMismatch, AdapterCapabilitiesUnsupported, AdapterGrantInvalid, AdapterLimitAboveMaximum,
  AdapterKindUnsupported, AdapterEngineIncompatible, SandboxHostUnavailable, SandboxHostStopped, SandboxTimeout, SandboxMemoryLimit, SandboxOutputTooLarge,
  SandboxCapabilityDenied, SandboxContractViolation, SandboxAdapterThrew, SandboxSourceFailed, SandboxCircuitOpen,
} from './errors.js'
export { GuardedAdapter, type AdapterGuards } from './guards/guarded-adapter.js'
export { CircuitBreaker, type BreakerState, type BreakerTransition } from './guards/circuit-breaker.js'
export { CpuBudget } from './guards/cpu-budget.js'
export { UsageMeter } from './metering/usage-meter.js'
export { UsageV1 } from './metering/usage-record.js'
export { dailyUsage, usageRecords, type DailyUsage } from './metering/daily-usage.js'
export { adapterStatus, type AdapterStatus } from './cli/adapter-status.js'

/** The CLI commands this package contributes to `aether` (`aether sandbox status|usage`). */
export const commands = [addSandboxCommands]
