import {
  enricherPoint, forecasterPoint, policyEnginePoint, sourcePoint, validatorPoint, type PluginContext,
} from '@aether/plugin-api'
import type { AdapterEntry } from './config.js'
import type { SandboxedAdapter } from './sandboxed-adapter.js'
import { SandboxedEnricher } from './sandboxed-enricher.js'
import { SandboxedForecaster } from './sandboxed-forecaster.js'
import { SandboxedPolicy } from './sandboxed-policy.js'
import { defaultSourceLimits, SandboxedSource } from './sandboxed-source.js'
import { SandboxedValidator } from './sandboxed-validator.js'
import type { CursorStore } from './state/host-state.js'

/** The extension points the host provides adapters at, one per kind. */
export const adapterPoints = [enricherPoint, validatorPoint, forecasterPoint, policyEnginePoint, sourcePoint]

/** Provides an installed adapter at its kind's extension point, under its manifest name; a source keeps its cursor in `cursors`. */
export function provideAdapter(context: PluginContext<unknown>, adapter: SandboxedAdapter, entry: AdapterEntry, cursors?: CursorStore): void {
  const { kind } = adapter.adapter.manifest
  switch (kind) {
    case 'enricher': return context.provide(enricherPoint, new SandboxedEnricher(adapter))
    case 'validator': return context.provide(validatorPoint, new SandboxedValidator(adapter))
    case 'forecaster': return context.provide(forecasterPoint, new SandboxedForecaster(adapter))
    case 'policy': return context.provide(policyEnginePoint, new SandboxedPolicy(adapter))
    case 'source': return context.provide(sourcePoint, new SandboxedSource(adapter, { ...defaultSourceLimits, ...entry.source }, cursors))
  }
}
