// An enricher that conformance rejects: its scores come from Math.random, so the same input
// twice gives different outputs (the determinism check fails).
globalThis.adapter = {
  name: 'random-enricher',
  process(inputs) {
    return inputs.map((input) => ({ id: input.id, tenant: input.tenant, vNews: { sentiment: 0, volatilityLikelihood: Math.random() }, bCapacity: Math.random(), model: 'random-enricher@1' }))
  },
}
