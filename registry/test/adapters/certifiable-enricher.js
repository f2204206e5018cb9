// A small enricher that conformance certifies: it refuses any input that is not a plain
// signal.v1 (unknown keys, a summary outside 1..2000 characters, a bad severity) and scores
// capacity words in the summary. Deterministic; no capabilities.
const known = ['id', 'tenant', 'contract', 'source', 'sourceEventId', 'provider', 'timestamp', 'endTimestamp', 'region', 'zone', 'severity', 'summary']
const levels = ['info', 'low', 'medium', 'high', 'critical']
function refusal(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return 'an object is expected'
  for (const key of Object.keys(input)) if (!known.includes(key)) return 'unexpected field ' + key
  if (typeof input.summary !== 'string' || input.summary.length < 1 || input.summary.length > 2000) return 'summary of 1..2000 characters expected'
  if (!levels.includes(input.severity)) return 'unknown severity'
  if (typeof input.region !== 'string') return 'region expected'
  return null
}
globalThis.adapter = {
  name: 'certifiable-enricher',
  process(inputs) {
    return inputs.map((input) => {
      const why = refusal(input)
      if (why !== null) return { id: input.id, tenant: input.tenant, error: 'not a signal.v1: ' + why }
      const isCapacity = /capacity|stockout|quota/i.test(input.summary)
      return { id: input.id, tenant: input.tenant, vNews: { sentiment: isCapacity ? -0.5 : 0, volatilityLikelihood: isCapacity ? 0.5 : 0.1 }, bCapacity: isCapacity ? 0.9 : 0.1, model: 'certifiable-enricher@1' }
    })
  },
}
