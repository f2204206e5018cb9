// Breaks determinism only: its volatility is Math.random(), so two runs never agree.
globalThis.adapter = {
  name: 'broken-determinism',
  process(signals) {
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: Math.random() }, bCapacity: 0, model: 'broken-determinism@1' }
    })
  },
}
