// Breaks contract.golden only: refuses bad input properly, but its enrichments give bCapacity
// as a word instead of a number.
globalThis.adapter = {
  name: 'broken-contract',
  process(signals) {
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 'high', model: 'broken-contract@1' }
    })
  },
}
