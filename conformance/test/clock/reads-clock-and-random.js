// A legal enricher that reads the clock and Math.random: it stamps each output with the time it
// was made and a random tie-breaker. Deterministic under the harness's frozen clock only.
globalThis.adapter = {
  name: 'reads-clock-and-random',
  process(signals) {
    const madeAt = new Date(Date.now()).toISOString()
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: Math.round(Math.random() * 1000) / 1000 }, bCapacity: 0, model: `reads-clock@1 ${madeAt}` }
    })
  },
}
