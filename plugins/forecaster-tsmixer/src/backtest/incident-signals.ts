import { createLogger } from '@aether/core'
import type { Enrichment, Severity, SignalV1 } from '@aether/plugin-api'
import { LexiconEnricher } from '@aether/plugin-enricher'
import { readGcpIncidents } from '@aether/plugin-sources'
import { scoredSignal, type ScoredSignal } from '../signal-channels.js'

/** One signal of an incident feed with the enrichment the pipeline's enricher gives it. */
export interface EnrichedSignal {
  region: string
  sourceEventId: string
  timestamp: string
  severity: Severity
  enrichment: Enrichment
}

const severities: readonly string[] = ['info', 'low', 'medium', 'high']

/**
 * A Google Cloud `incidents.json` feed as the pipeline sees it: signals as the sources plugin
 * reads them (one per affected region, or `global`), enriched by the lexicon enricher. The
 * backtest scores with these, and `npm run train:forecaster` writes them for the Python training,
 * so training, backtest and serving use the same numbers.
 */
export async function enrichedGcpIncidents(text: string): Promise<EnrichedSignal[]> {
  const signals = readGcpIncidents(text).flatMap((draft, index): SignalV1[] => {
    const { timestamp, severity, region, summary, sourceEventId } = draft as Partial<Record<string, unknown>>
    if (typeof timestamp !== 'string' || typeof severity !== 'string' || !severities.includes(severity) || typeof region !== 'string') return []
    // The id only links a signal to its enrichment here; the pipeline derives its own.
    const id = index.toString(16).padStart(32, '0')
    return [{ id, tenant: 'backtest', contract: 'signal.v1', source: 'gcp-status', sourceEventId: String(sourceEventId), timestamp, region,
      severity: severity as Severity, summary: typeof summary === 'string' ? summary : '' }]
  })
  const context = { tenant: 'backtest', traceId: 'backtest', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
  const enrichments = await new LexiconEnricher().enrichBatch(signals, context)
  return signals.flatMap((signal, index) => {
    const result = enrichments[index]
    if (result?.isOk !== true) return []
    return [{ region: signal.region, sourceEventId: signal.sourceEventId, timestamp: signal.timestamp, severity: signal.severity, enrichment: result.value }]
  })
}

/** The enriched signals by region, as the features read them. */
export function signalsByRegion(signals: readonly EnrichedSignal[]): Map<string, ScoredSignal[]> {
  const byRegion = new Map<string, ScoredSignal[]>()
  for (const signal of signals) {
    const list = byRegion.get(signal.region) ?? []
    list.push(scoredSignal(signal.timestamp, signal.severity, signal.enrichment))
    byRegion.set(signal.region, list)
  }
  return byRegion
}
