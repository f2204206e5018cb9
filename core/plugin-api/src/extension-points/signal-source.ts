import type { DraftRecord } from '../contracts/record.js'
import type { Named, StageContext } from './extension-point.js'

/**
 * Produces records from outside Aether: a feed, a file, a replay of history. Batches come out in
 * the source's own order; the source stage stamps tenant and id on each record.
 */
export interface SignalSource extends Named {
  read(context: StageContext): AsyncIterable<DraftRecord[]>
  /** How many records `read` will produce, when the source can tell (progress bars use it). */
  estimateCount?(context: StageContext): Promise<number | undefined>
}
