// Throws for a batch holding a signal whose summary says FAIL (an adapter broken for some input);
// enriches any other batch.
globalThis.adapter = {
  name: 'fails-on-flag',
  process(records) {
    if (records.some((signal) => /FAIL/.test(signal.summary))) throw new Error('cannot enrich a flagged signal')
    return records.map((signal) => ({
      id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0.5 }, bCapacity: 0.5, model: 'fails-on-flag@1',
    }))
  },
}
