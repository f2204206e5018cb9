import type { EnrichmentV1, SignalV1 } from '@aether/plugin-api'

/** What the region's recent signals say, each weighed by how recent it is. */
export interface SignalFeatures {
  /** Noisy-or of the enrichments' B_capacity: the chance that at least one signal means capacity is short. */
  capacityPressure: number
  /** The strongest recent V_news volatility likelihood. */
  newsVolatility: number
  /** Noisy-or of the severities of signals no enricher scored. */
  incidentPressure: number
}

/** A signal's weight halves every this many hours before the forecast time. */
export const halfLifeHours = 12

// How much an incident of each severity says on its own, when no enrichment scored it.
const severityWeight: Record<string, number> = { info: 0.05, low: 0.15, medium: 0.35, high: 0.6 }

/** The features of a forecast input's signals and their enrichments, as of `asOf`. */
export function signalFeatures(signals: SignalV1[], enrichments: EnrichmentV1[], asOf: string): SignalFeatures {
  const asOfMs = Date.parse(asOf)
  const recency = (timestamp: string) => 0.5 ** (Math.max(0, asOfMs - Date.parse(timestamp)) / 3_600_000 / halfLifeHours)
  const enrichmentOf = new Map(enrichments.map((enrichment) => [enrichment.signalId, enrichment]))
  let noCapacityShortage = 1
  let noIncident = 1
  let newsVolatility = 0
  for (const signal of signals) {
    const weight = recency(signal.timestamp)
    const enrichment = enrichmentOf.get(signal.id)
    if (enrichment === undefined) {
      noIncident *= 1 - weight * (severityWeight[signal.severity] ?? 0)
      continue
    }
    noCapacityShortage *= 1 - weight * enrichment.bCapacity
    newsVolatility = Math.max(newsVolatility, weight * enrichment.vNews.volatilityLikelihood)
  }
  return { capacityPressure: 1 - noCapacityShortage, newsVolatility, incidentPressure: 1 - noIncident }
}
