// Answers each input under the next input's key: the host cannot tell which forecast is whose.
globalThis.adapter = {
  name: 'forecaster-rekeys',
  process(inputs) {
    return inputs.map((input) => ({ id: String(Number(input.id) + 1), tenant: input.tenant, probability: 0.5, horizonMinutes: 60, model: 'x@1', features: {} }))
  },
}
