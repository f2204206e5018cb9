// The first record is an enrichment, the second is not.
globalThis.adapter = {
  name: 'wrong-shape',
  process(records) {
    return records.map((signal, index) => index === 0
      ? { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'x@1' }
      : { id: signal.id, tenant: signal.tenant, bCapacity: 7 })
  },
}
