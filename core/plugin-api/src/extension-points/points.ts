import type { Bus } from './bus.js'
import type { Enricher } from './enricher.js'
import { extensionPoint } from './extension-point.js'
import type { Forecaster } from './forecaster.js'
import type { MoveAdmission } from './move-admission.js'
import type { PolicyEngine } from './policy-engine.js'
import type { RecordStorage } from './record-storage.js'
import type { SignalSource } from './signal-source.js'
import type { Validator } from './validator.js'

/** Signal and telemetry sources, by name. */
export const sourcePoint = extensionPoint<SignalSource>('aether.source.v1', 'multiple')
/** Record validators, by name. */
export const validatorPoint = extensionPoint<Validator>('aether.validator.v1', 'multiple')
/** Signal enrichers, by name. */
export const enricherPoint = extensionPoint<Enricher>('aether.enricher.v1', 'multiple')
/** Forecasters, by name. */
export const forecasterPoint = extensionPoint<Forecaster>('aether.forecaster.v1', 'multiple')
/** Policy engines, by name. */
export const policyEnginePoint = extensionPoint<PolicyEngine>('aether.policy-engine.v1', 'multiple')
/** Record storage: one per kernel. */
export const storagePoint = extensionPoint<RecordStorage>('aether.storage.v1', 'single')
/** Shared guardrail admission of workload moves: one per kernel, provided by the SQL storages. */
export const moveAdmissionPoint = extensionPoint<MoveAdmission>('aether.move-admission.v1', 'single')
/** The bus: one per kernel; the in-process bus when no plugin provides one. */
export const busPoint = extensionPoint<Bus>('aether.bus.v1', 'single')

/** Every extension point the kernel defines. */
export const extensionPoints = [
  sourcePoint, validatorPoint, enricherPoint, forecasterPoint, policyEnginePoint, storagePoint, moveAdmissionPoint, busPoint,
] as const
