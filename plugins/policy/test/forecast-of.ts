import { recordId, type ForecastV1 } from '@aether/plugin-api'

/** A forecast.v1 for tests: one pool, a probability, an event time. */
export function forecastOf(probability: number, overrides: Partial<ForecastV1> = {}): ForecastV1 {
  const header = { source: 'forecaster:heuristic-baseline', sourceEventId: `${overrides.pool ?? 'c3-highcpu-88'}@${overrides.timestamp ?? ''}`, contract: 'forecast.v1' as const }
  return {
    ...header, id: recordId(header), tenant: 'demo', timestamp: '2023-04-30T01:00:00.000Z', region: 'us-east1', zone: 'us-east1-b',
    pool: 'c3-highcpu-88', horizonMinutes: 60, probability, model: 'heuristic-baseline@1', features: { unavailableShare: 0.4 },
    ...overrides,
  }
}
