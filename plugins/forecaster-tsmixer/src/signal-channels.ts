import type { EnrichmentV1, ForecastInput, Severity } from '@aether/plugin-api'

/**
 * The signal channels of features `spot-window@2`, as training/forecaster/aether_training/features.py
 * computes them (docs/forecasting.md defines them): what a pool's signals (its region's and
 * `global`) and their enrichments say, decayed by age.
 */

/** One signal as the features read it: when, how severe, and two parts of its enrichment. */
export interface ScoredSignal {
  timeMs: number
  severity: Severity
  /** The enrichment's `B_capacity` (0 .. 1); 0 without an enrichment. */
  bCapacity: number
  /** The negative part of the enrichment's `V_news` sentiment, max(0, −sentiment) (0 .. 1); 0 without one. */
  negativeNews: number
}

export interface SignalChannels {
  incidentScore: number
  capacityScore: number
  negativeNewsScore: number
}

export const noSignals: SignalChannels = { incidentScore: 0, capacityScore: 0, negativeNewsScore: 0 }

const lookbackHours = 24
const halfLifeHours = 6
const channelLimit = 3
const severityWeight: Record<Severity, number> = { info: 0.1, low: 0.3, medium: 0.6, high: 1 }

/** A signal and its enrichment (if any) as the features read them. */
export function scoredSignal(timestamp: string, severity: Severity, enrichment: Pick<EnrichmentV1, 'vNews' | 'bCapacity'> | undefined): ScoredSignal {
  return {
    timeMs: Date.parse(timestamp),
    severity,
    bCapacity: enrichment?.bCapacity ?? 0,
    negativeNews: Math.max(0, -(enrichment?.vNews.sentiment ?? 0)),
  }
}

/** The input's signals, each with its enrichment (joined by signal id, as the pipeline links them). */
export function scoredSignals(input: Pick<ForecastInput, 'signals' | 'enrichments'>): ScoredSignal[] {
  const bySignal = new Map(input.enrichments.map((enrichment) => [enrichment.signalId, enrichment]))
  return input.signals.map((signal) => scoredSignal(signal.timestamp, signal.severity, bySignal.get(signal.id)))
}

/**
 * Over the signals of the last 24 h before `asOfMs`, each decayed by 0.5^(age h / 6): the sum of
 * severity weights, of `B_capacity` and of negative sentiment, each capped at 3.
 */
export function signalChannels(signals: readonly ScoredSignal[], asOfMs: number): SignalChannels {
  let incident = 0
  let capacity = 0
  let news = 0
  for (const signal of signals) {
    const ageHours = (asOfMs - signal.timeMs) / 3_600_000
    if (ageHours < 0 || ageHours > lookbackHours) continue
    const decay = 0.5 ** (ageHours / halfLifeHours)
    incident += severityWeight[signal.severity] * decay
    capacity += signal.bCapacity * decay
    news += signal.negativeNews * decay
  }
  return { incidentScore: Math.min(incident, channelLimit), capacityScore: Math.min(capacity, channelLimit), negativeNewsScore: Math.min(news, channelLimit) }
}
