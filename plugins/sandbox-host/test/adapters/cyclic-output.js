// Each output record refers to itself.
globalThis.adapter = {
  name: 'cyclic-output',
  process(records) {
    return records.map((signal) => {
      const record = { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'cyclic@1' }
      record.self = record
      return record
    })
  },
}
