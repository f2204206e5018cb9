import { createLogger, type ForecastInput, type SignalV1, type TelemetryV1 } from '@aether/core'
import { describe, expect, it } from 'vitest'
import { HeuristicForecaster } from './heuristic-forecaster.js'

const context = { tenant: 't', traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
const forecaster = new HeuristicForecaster({ horizonMinutes: 60, signalHalfLifeHours: 6 })

function sample(minute: number, metric: string, value: number): TelemetryV1 {
  return {
    id: 'b'.repeat(32), tenant: 't', contract: 'telemetry.v1', source: 'spot-trace', sourceEventId: `${minute}`,
    timestamp: new Date(Date.UTC(2023, 3, 30, 0, minute)).toISOString(), region: 'us-east1', pool: 'c3-highcpu-88', metric, value,
  }
}

function input(telemetry: TelemetryV1[], signals: SignalV1[] = []): ForecastInput {
  return { region: 'us-east1', pool: 'c3-highcpu-88', asOf: telemetry.at(-1)?.timestamp ?? '', telemetry, signals, enrichments: [] }
}

const incident: SignalV1 = {
  id: 'c'.repeat(32), tenant: 't', contract: 'signal.v1', source: 'gcp-status', sourceEventId: 'x/us-east1',
  timestamp: '2023-04-30T00:00:00.000Z', region: 'us-east1', severity: 'high', summary: 'VM creation failures',
}

async function probabilityOf(forecastInput: ForecastInput): Promise<number> {
  const [result] = await forecaster.forecastBatch([forecastInput], context)
  if (result?.isOk !== true) throw new Error('expected a forecast')
  return result.value.probability
}

describe('HeuristicForecaster', () => {
  const available = Array.from({ length: 10 }, (_, m) => sample(m, 'spot_available', 1))
  const unavailable = Array.from({ length: 10 }, (_, m) => sample(m, 'spot_available', 0))

  it('gives a low probability to a pool with capacity and a quiet region', async () => {
    expect(await probabilityOf(input(available))).toBeLessThan(0.1)
  })

  it('gives a high probability to a pool that has had no capacity', async () => {
    expect(await probabilityOf(input(unavailable))).toBeGreaterThan(0.8)
  })

  it('raises the probability for a recent severe incident in the region', async () => {
    expect(await probabilityOf(input(available, [incident]))).toBeGreaterThan(await probabilityOf(input(available)))
  })

  it('raises the probability when the spot price jumps above its recent level', async () => {
    const steady = Array.from({ length: 10 }, (_, m) => sample(m, 'spot_price_usd_hour', 0.05))
    const jump = [...steady.slice(0, 9), sample(9, 'spot_price_usd_hour', 0.09)]
    expect(await probabilityOf(input(jump))).toBeGreaterThan(await probabilityOf(input(steady)))
  })

  it('stores the features it reasoned from, and its model version', async () => {
    const [result] = await forecaster.forecastBatch([input(unavailable, [incident])], context)
    expect(result).toMatchObject({
      isOk: true,
      value: { model: 'heuristic-baseline@1', horizonMinutes: 60, features: { samples: 10, unavailableShare: 1, signals: 1 } },
    })
  })

  it('answers an input without telemetry with an error result, not a failed batch', async () => {
    const results = await forecaster.forecastBatch([input([]), input(available)], context)
    expect(results.map((r) => r.isOk)).toEqual([false, true])
  })
})
