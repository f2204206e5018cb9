// Breaks bad-input only: enriches whatever it is given, a record without a summary included
// (a silent fix of input it should refuse).
globalThis.adapter = {
  name: 'broken-bad-input',
  process(signals) {
    return signals.map((signal) => ({
      id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 },
      bCapacity: /capacity/i.test(String(signal.summary)) ? 0.8 : 0, model: 'broken-bad-input@1',
    }))
  },
}
