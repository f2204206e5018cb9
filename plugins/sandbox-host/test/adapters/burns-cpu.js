// Spins for 30 ms of CPU per call, then enriches every signal: a costly but correct adapter.
globalThis.adapter = {
  name: 'burns-cpu',
  process(records) {
    const until = Date.now() + 30
    let spins = 0
    while (Date.now() < until) spins += 1
    return records.map((signal) => ({
      id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: spins > 0 ? 0.5 : 0 }, bCapacity: 0.5, model: 'burns-cpu@1',
    }))
  },
}
