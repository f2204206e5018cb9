// A BigInt where a number belongs: not JSON.
globalThis.adapter = {
  name: 'bigint-output',
  process(records) {
    return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 1n, model: 'bigint@1' }))
  },
}
