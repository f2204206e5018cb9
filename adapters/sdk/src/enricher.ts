import type { Enrichment, SignalV1 } from '@aether/plugin-api'
import type { AdapterContext } from './adapter-context.js'
import { batchAdapter, type BatchAdapter } from './define-adapter.js'
import { contractIssues, describeIssues, inputSchemas } from './input-contracts.js'
import type { ItemError, Keyed, MaybePromise } from './keyed.js'

/** What an enricher returns for one signal: its id and tenant with the `enrichment.v1` features. */
export type EnricherOutput = (Keyed & Enrichment) | ItemError

/** An enricher adapter: reads `signal.v1`, returns `enrichment.v1` features, one per signal, in order. */
export interface EnricherDefinition {
  name: string
  process(signals: SignalV1[], ctx: AdapterContext): MaybePromise<EnricherOutput[]>
}

/**
 * Defines an enricher adapter; export it as the module's default and `aether adapter build`
 * makes it the bundle's `globalThis.adapter`.
 *
 * @example
 * export default defineEnricher({
 *   name: 'my-enricher',
 *   process: (signals) => signals.map((s) => ({ id: s.id, tenant: s.tenant,
 *     vNews: { sentiment: 0, volatilityLikelihood: 0.1 }, bCapacity: 0, model: 'my-enricher@1' })),
 * })
 */
export function defineEnricher(definition: EnricherDefinition): BatchAdapter<SignalV1, EnricherOutput> {
  return batchAdapter('enricher', definition, (signal) => {
    const issues = contractIssues(inputSchemas.enricher, signal)
    return issues.length === 0 ? undefined : { id: signal.id, tenant: signal.tenant, error: describeIssues('not a signal.v1', issues) }
  })
}
