import type { Enricher, Enrichment, ItemResult, Severity, SignalV1, StageContext } from '@aether/plugin-api'
import { countMatches, lexicon } from './lexicon.js'

/** Identifies the features' version in every enrichment; bump when the lexicon or formula changes. */
export const lexiconModel = 'keyword-lexicon@1'

const severityVolatility: Record<Severity, number> = { info: 0.05, low: 0.2, medium: 0.5, high: 0.8 }

/**
 * A transparent baseline for semantic features: counts of negative, positive, volatile and
 * capacity words in a signal's summary, with its severity. Deterministic and cached by text.
 */
export class LexiconEnricher implements Enricher {
  readonly name = 'lexicon'
  readonly #cache = new Map<string, Enrichment>()

  constructor(private readonly cacheSize = 10_000) {}

  async enrichBatch(signals: SignalV1[], _context: StageContext): Promise<Array<ItemResult<Enrichment>>> {
    return signals.map((signal) => ({ isOk: true, value: this.#enrich(signal) }))
  }

  #enrich(signal: SignalV1): Enrichment {
    const key = `${signal.severity}\0${signal.summary}`
    const cached = this.#cache.get(key)
    if (cached !== undefined) return cached
    const negative = countMatches(signal.summary, lexicon.negative)
    const positive = countMatches(signal.summary, lexicon.positive)
    const volatile = countMatches(signal.summary, lexicon.volatile)
    const capacity = countMatches(signal.summary, lexicon.capacity)
    const enrichment: Enrichment = {
      vNews: {
        sentiment: round(Math.tanh((positive - negative) / 2)),
        volatilityLikelihood: round(Math.min(1, severityVolatility[signal.severity] + 0.15 * volatile)),
      },
      bCapacity: round(Math.min(1, 0.35 * capacity)),
      model: lexiconModel,
    }
    if (this.#cache.size >= this.cacheSize) this.#cache.delete(this.#cache.keys().next().value as string)
    this.#cache.set(key, enrichment)
    return enrichment
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
