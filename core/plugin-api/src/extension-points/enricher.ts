import type { EnrichmentV1 } from '../contracts/enrichment-v1.js'
import type { SignalV1 } from '../contracts/signal-v1.js'
import type { ItemResult, Named, StageContext } from './extension-point.js'

/** The features an enricher computes for one signal; the stage adds the record header. */
export type Enrichment = Pick<EnrichmentV1, 'vNews' | 'bCapacity' | 'model'>

/** Computes semantic features of signals. One result per signal, same order. */
export interface Enricher extends Named {
  enrichBatch(signals: SignalV1[], context: StageContext): Promise<Array<ItemResult<Enrichment>>>
}
