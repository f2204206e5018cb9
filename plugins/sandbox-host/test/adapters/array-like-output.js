// Returns an object that looks like an array (indexed, with a length) but is not one.
globalThis.adapter = {
  name: 'array-like-output',
  process(records) {
    const output = { length: records.length }
    records.forEach((signal, index) => {
      output[index] = { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'array-like@1' }
    })
    return output
  },
}
