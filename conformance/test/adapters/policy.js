// Migrates off a pool whose P(preemption) passes 0.3, holds otherwise; refuses what is not a forecast.v1.
const fields = new Set(['id', 'tenant', 'contract', 'source', 'sourceEventId', 'timestamp', 'region', 'zone', 'pool', 'horizonMinutes', 'probability', 'model', 'features'])
function problem(forecast) {
  if (forecast === null || typeof forecast !== 'object' || Array.isArray(forecast)) return 'not an object'
  const extra = Object.keys(forecast).filter((key) => !fields.has(key))
  if (extra.length > 0) return `unknown fields: ${extra.slice(0, 3).join(', ')}`
  if (typeof forecast.probability !== 'number' || forecast.probability < 0 || forecast.probability > 1) return 'probability must be a number from 0 to 1'
  if (typeof forecast.pool !== 'string' || forecast.pool.length > 100) return 'pool must be at most 100 characters'
  return undefined
}
globalThis.adapter = {
  name: 'test-policy',
  process(forecasts) {
    return forecasts.map((forecast) => {
      const wrong = problem(forecast)
      if (wrong !== undefined) return { id: forecast?.id, tenant: forecast?.tenant, error: `not a forecast.v1: ${wrong}` }
      const action = forecast.probability > 0.3 ? 'migrate' : 'hold'
      return {
        id: forecast.id, tenant: forecast.tenant, action, confidence: Math.min(1, Math.abs(forecast.probability - 0.3) * 2),
        policy: 'test-policy@1', explanation: `P=${forecast.probability.toFixed(3)} for ${forecast.pool}: ${action}`,
      }
    })
  },
}
