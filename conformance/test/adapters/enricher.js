// A keyword enricher that refuses what is not a signal.v1: scores capacity and outage words in
// the summary. Deterministic, declares nothing, touches no capability.
const fields = new Set(['id', 'tenant', 'contract', 'source', 'sourceEventId', 'provider', 'timestamp', 'endTimestamp', 'region', 'zone', 'severity', 'summary'])
const severities = new Set(['info', 'low', 'medium', 'high', 'critical'])
function problem(signal) {
  if (signal === null || typeof signal !== 'object' || Array.isArray(signal)) return 'not an object'
  const extra = Object.keys(signal).filter((key) => !fields.has(key))
  if (extra.length > 0) return `unknown fields: ${extra.slice(0, 3).join(', ')}`
  if (typeof signal.summary !== 'string' || signal.summary.length === 0 || signal.summary.length > 2000) return 'summary must be 1 to 2000 characters'
  if (!severities.has(signal.severity)) return 'severity is not one of info, low, medium, high, critical'
  if (typeof signal.region !== 'string') return 'region must be a string'
  return undefined
}
globalThis.adapter = {
  name: 'test-enricher',
  process(signals) {
    return signals.map((signal) => {
      const wrong = problem(signal)
      if (wrong !== undefined) return { id: signal.id, tenant: signal.tenant, error: `not a signal.v1: ${wrong}` }
      const text = signal.summary.toLowerCase()
      const capacity = /capacity|quota|stockout|resource/.test(text) ? 0.8 : 0.1
      const outage = /outage|unavailable|error|fail|impact/.test(text) ? -0.6 : 0
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: outage, volatilityLikelihood: Math.abs(outage) }, bCapacity: capacity, model: 'test-enricher@1' }
    })
  },
}
