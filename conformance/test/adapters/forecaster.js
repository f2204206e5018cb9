// P(preemption) as the latest spot/on-demand price ratio of the pool; refuses what is not a
// forecast input.
const fields = new Set(['id', 'tenant', 'region', 'zone', 'pool', 'asOf', 'telemetry', 'signals', 'enrichments'])
function problem(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return 'not an object'
  const extra = Object.keys(input).filter((key) => !fields.has(key))
  if (extra.length > 0) return `unknown fields: ${extra.slice(0, 3).join(', ')}`
  if (typeof input.pool !== 'string' || input.pool.length === 0 || input.pool.length > 100) return 'pool must be 1 to 100 characters'
  if (!Array.isArray(input.telemetry) || !Array.isArray(input.signals)) return 'telemetry and signals must be arrays'
  if (input.telemetry.some((sample) => typeof sample?.value !== 'number')) return 'a sample value is not a number'
  return undefined
}
globalThis.adapter = {
  name: 'test-forecaster',
  process(inputs) {
    return inputs.map((input) => {
      const wrong = problem(input)
      if (wrong !== undefined) return { id: input?.id, tenant: input?.tenant, error: `not a forecast input: ${wrong}` }
      const latest = (metric) => [...input.telemetry].reverse().find((sample) => sample.metric === metric)?.value ?? 0
      const onDemand = latest('on_demand_price_usd_hour')
      const ratio = onDemand > 0 ? latest('spot_price_usd_hour') / onDemand : 0
      return {
        id: input.id, tenant: input.tenant, probability: Math.min(1, Math.max(0, ratio)), horizonMinutes: 60,
        model: 'test-forecaster@1', features: { ratio, samples: input.telemetry.length, signals: input.signals.length },
      }
    })
  },
}
