globalThis.adapter = {
  name: 'changed-ids',
  process(records) {
    return records.map((signal) => ({ id: 'f'.repeat(32), tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'x@1' }))
  },
}
