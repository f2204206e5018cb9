// The adapter SDK: what an adapter's source imports. Everything here is bundled into the adapter
// and runs inside the isolate, so it uses JavaScript built-ins only (no Node, no kernel).

export type { AdapterContext, AdapterFetch, AdapterFetchRequest, AdapterFetchResponse, AdapterKv } from './adapter-context.js'
export type { Keyed, ItemError, MaybePromise } from './keyed.js'
export type { BatchAdapter } from './define-adapter.js'
export { defineEnricher, type EnricherDefinition, type EnricherOutput } from './enricher.js'
export { defineValidator, type ValidatorDefinition, type ValidatorInput, type ValidatorOutput } from './validator.js'
export { defineForecaster, type ForecasterDefinition, type ForecasterInput, type ForecasterOutput } from './forecaster.js'
export { definePolicy, type PolicyDefinition, type PolicyOutput } from './policy.js'
export { defineSource, type SourceAdapter, type SourcePoll, type JsonValue } from './source.js'
