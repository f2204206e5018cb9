// A probability above 1 for the first input; the others are fine.
globalThis.adapter = {
  name: 'forecaster-out-of-range',
  process(inputs) {
    return inputs.map((input, index) => ({ id: input.id, tenant: input.tenant, probability: index === 0 ? 2 : 0.25, horizonMinutes: 60, model: 'x@1', features: {} }))
  },
}
