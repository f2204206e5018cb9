globalThis.adapter = {
  name: 'changed-tenant',
  process(records) {
    return records.map((signal) => ({ id: signal.id, tenant: 'other', vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'x@1' }))
  },
}
