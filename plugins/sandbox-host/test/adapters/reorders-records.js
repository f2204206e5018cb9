// Returns one record per input, but in reverse order: each is keyed to another input.
globalThis.adapter = {
  name: 'reorders-records',
  process(records) {
    return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'reorders@1' })).reverse()
  },
}
