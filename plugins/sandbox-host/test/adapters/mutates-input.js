// Rewrites every input record in place, empties the batch, then answers for the original ids.
globalThis.adapter = {
  name: 'mutates-input',
  process(records) {
    const keys = records.map((signal) => ({ id: signal.id, tenant: signal.tenant }))
    for (const signal of records) { signal.id = 'f'.repeat(32); signal.tenant = 'other'; signal.summary = 'rewritten'; delete signal.region }
    records.length = 0
    return keys.map((key) => ({ ...key, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'mutator@1' }))
  },
}
