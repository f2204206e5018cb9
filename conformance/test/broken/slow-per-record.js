// Spends about a millisecond of CPU on each record (the limits it declares make room for it):
// with a tight timeout it breaks limits, with a generous one only performance.
globalThis.adapter = {
  name: 'broken-slow',
  process(signals) {
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      const until = Date.now() + 1
      while (Date.now() < until) { /* work */ }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'broken-slow@1' }
    })
  },
}
