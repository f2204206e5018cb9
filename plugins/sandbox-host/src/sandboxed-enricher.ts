import {
  EnrichmentV1, type Enricher, type Enrichment, type ItemResult, type SignalV1, type StageContext,
} from '@aether/plugin-api'
import { Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { SandboxContractViolation } from './errors.js'
import type { SandboxedAdapter } from './sandboxed-adapter.js'

/** What an enricher adapter returns per signal: the signal's id and tenant with its features. */
const EnricherOutput = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  vNews: EnrichmentV1.properties.vNews,
  bCapacity: EnrichmentV1.properties.bCapacity,
  model: EnrichmentV1.properties.model,
}, { additionalProperties: false })
/** Or, for one signal it cannot enrich, a reason. */
const EnricherItemError = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  error: Type.String({ minLength: 1, maxLength: 1_000 }),
}, { additionalProperties: false })

const checkOutput = TypeCompiler.Compile(EnricherOutput)
const checkItemError = TypeCompiler.Compile(EnricherItemError)

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
      const error = `${result.code}: ${result.reason}`
      return signals.map(() => ({ isOk: false, error }))
    }
    return result.records.map((record, index): ItemResult<Enrichment> => {
      if (checkOutput.Check(record)) return { isOk: true, value: { vNews: record.vNews, bCapacity: record.bCapacity, model: record.model } }
      if (checkItemError.Check(record)) return { isOk: false, error: record.error }
      const issue = checkOutput.Errors(record).First()
      const problem = `output record ${index} is not an enrichment: ${issue === undefined ? 'wrong shape' : `${issue.path || '/'} ${issue.message}`}`
      return { isOk: false, error: `${SandboxContractViolation.code}: ${problem}` }
    })
  }
}
