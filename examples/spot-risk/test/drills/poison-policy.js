// A policy engine for the poison-message drill: it fails every batch that holds a forecast for
// one pool, every time, like a rule engine crashing on one input. Plain JavaScript so that the
// built `aether` CLI can load it by path.
import { policyEnginePoint } from '@aether/core'

const poisonPool = 'p3.2xlarge'

export const plugin = {
  manifest: { name: 'drill-poison-policy', version: '1.0.0', engine: '^0.1.0', provides: [policyEnginePoint.id] },
  register(context) {
    context.provide(policyEnginePoint, {
      name: 'poison',
      async decideBatch(forecasts) {
        if (forecasts.some((forecast) => forecast.pool === poisonPool)) throw new Error(`rule engine crashed on pool ${poisonPool}`)
        return forecasts.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'poison@1', explanation: 'no poison here' } }))
      },
    })
  },
}
