// Version 2 of test/adapters/forecaster.js, for the --baseline test: adds a `spread` feature,
// renames its model, and refuses a pool with fewer than 6 samples.
const fields = new Set(['id', 'tenant', 'region', 'zone', 'pool', 'asOf', 'telemetry', 'signals', 'enrichments'])
globalThis.adapter = {
  name: 'test-forecaster',
  process(inputs) {
    return inputs.map((input) => {
      const isInput = input !== null && typeof input === 'object' && Object.keys(input).every((key) => fields.has(key))
        && typeof input.pool === 'string' && input.pool.length <= 100 && Array.isArray(input.telemetry) && Array.isArray(input.signals)
        && input.telemetry.every((sample) => typeof sample?.value === 'number')
      if (!isInput) return { id: input?.id, tenant: input?.tenant, error: 'not a forecast input' }
      if (input.telemetry.length < 6) return { id: input.id, tenant: input.tenant, error: 'too few samples to forecast' }
      const latest = (metric) => [...input.telemetry].reverse().find((sample) => sample.metric === metric)?.value ?? 0
      const onDemand = latest('on_demand_price_usd_hour')
      const ratio = onDemand > 0 ? latest('spot_price_usd_hour') / onDemand : 0
      return {
        id: input.id, tenant: input.tenant, probability: Math.min(1, Math.max(0, ratio)), horizonMinutes: 60,
        model: 'test-forecaster@2', features: { ratio, samples: input.telemetry.length, signals: input.signals.length, spread: onDemand - latest('spot_price_usd_hour') },
      }
    })
  },
}
