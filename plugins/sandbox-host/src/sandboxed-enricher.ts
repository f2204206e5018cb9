import {
  EnrichmentV1, type Enricher, type Enrichment, type ItemResult, type SignalV1, type StageContext,
} from '@aether/plugin-api'
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { failedCallError, itemResult } from './output-shape.js'
import type { SandboxedAdapter } from './sandboxed-adapter.js'

/** What an enricher adapter returns per signal: the signal's id and tenant with its features. */
const EnricherOutput = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  vNews: EnrichmentV1.properties.vNews,
  bCapacity: EnrichmentV1.properties.bCapacity,
  model: EnrichmentV1.properties.model,
}, { additionalProperties: false })
type EnricherOutput = Static<typeof EnricherOutput>
const checkOutput = TypeCompiler.Compile(EnricherOutput)

/** One output record as the enrichment of its signal, its own error, or a contract violation. */
function enrichmentOf(record: unknown, index: number): ItemResult<Enrichment> {
  return itemResult(checkOutput, 'an enrichment', (output: EnricherOutput) => ({
    vNews: output.vNews, bCapacity: output.bCapacity, model: output.model,
  }), record, index)
}

/**
 * An enricher adapter as an ordinary `aether.enricher.v1` implementation. A failed call fails
 * every signal of the batch with `<CODE>: <reason>`, so the stage keeps them as invalid and
 * nothing is lost; an output record of the wrong shape fails only its own signal.
 */
export class SandboxedEnricher implements Enricher {
  constructor(private readonly adapter: SandboxedAdapter) {}

  get name(): string {
    return this.adapter.name
  }

  async enrichBatch(signals: SignalV1[], context: StageContext): Promise<Array<ItemResult<Enrichment>>> {
    const result = await this.adapter.call(signals, context.tenant, context.logger)
    if (!result.isOk) {
      const error = failedCallError(result)
      return signals.map(() => ({ isOk: false, error }))
    }
    return result.records.map(enrichmentOf)
  }
}
