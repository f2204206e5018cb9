import { describe, expect, it } from 'vitest'
import type { SignalV1, TelemetryV1 } from '@aether/plugin-api'
import { ForecastWindow } from './forecast-window.js'

function sample(minute: number, pool = 'c3'): TelemetryV1 {
  return {
    id: 'b'.repeat(32), tenant: 't', contract: 'telemetry.v1', source: 's', sourceEventId: `${pool}/${minute}`,
    timestamp: new Date(Date.UTC(2023, 3, 30, 0, minute)).toISOString(), region: 'us-east1', pool, metric: 'spot_available', value: 1,
  }
}

function signal(minute: number, region = 'us-east1'): SignalV1 {
  return {
    id: minute.toString(16).padStart(32, '0'), tenant: 't', contract: 'signal.v1', source: 'gcp-status', sourceEventId: `${minute}`,
    timestamp: new Date(Date.UTC(2023, 3, 30, 0, minute)).toISOString(), region, severity: 'high', summary: 'x',
  }
}

describe('ForecastWindow', () => {
  it('asks for a forecast at the first sample of a pool, then at most once per cadence', () => {
    const window = new ForecastWindow({ cadenceMinutes: 60, telemetrySamples: 10, signalLookbackHours: 24 })
    const due = [0, 30, 59, 60, 90, 121].filter((minute) => window.addSample(sample(minute)) !== undefined)
    expect(due).toEqual([0, 60, 121])
  })

  it('keeps pools apart', () => {
    const window = new ForecastWindow({ cadenceMinutes: 60, telemetrySamples: 10, signalLookbackHours: 24 })
    expect(window.addSample(sample(0, 'a'))).toBeDefined()
    expect(window.addSample(sample(1, 'b'))).toBeDefined()
  })

  it('gives the forecaster the latest samples only, oldest first', () => {
    const window = new ForecastWindow({ cadenceMinutes: 5, telemetrySamples: 3, signalLookbackHours: 24 })
    for (const minute of [0, 1, 2, 3]) window.addSample(sample(minute))
    const input = window.addSample(sample(5))
    expect(input?.telemetry.map((s) => s.sourceEventId)).toEqual(['c3/2', 'c3/3', 'c3/5'])
  })

  it('uses the signals of the pool\'s region and global ones from the lookback, never later ones', () => {
    const window = new ForecastWindow({ cadenceMinutes: 1, telemetrySamples: 10, signalLookbackHours: 1 })
    window.addSignal(signal(0))
    window.addSignal(signal(90, 'global'))
    window.addSignal(signal(100, 'europe-west1'))
    window.addSignal(signal(200))
    const input = window.addSample(sample(120))
    expect(input?.signals.map((s) => s.sourceEventId)).toEqual(['90'])
  })

  it('brings the enrichments of the signals it uses', () => {
    const window = new ForecastWindow({ cadenceMinutes: 1, telemetrySamples: 10, signalLookbackHours: 1 })
    const incident = signal(10)
    window.addSignal(incident)
    window.addEnrichment({
      id: 'e'.repeat(32), tenant: 't', contract: 'enrichment.v1', source: 'enricher:lexicon', sourceEventId: incident.id,
      timestamp: incident.timestamp, region: incident.region, signalId: incident.id,
      vNews: { sentiment: -0.5, volatilityLikelihood: 0.8 }, bCapacity: 0.7, model: 'keyword-lexicon@1',
    })
    expect(window.addSample(sample(20))?.enrichments.map((e) => e.bCapacity)).toEqual([0.7])
  })
})
