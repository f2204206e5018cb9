// Enriches each signal from its summary, logs one line, and returns one record per input.
globalThis.adapter = {
  name: 'well-behaved',
  process(records, ctx) {
    ctx.log(`enriching ${records.length} signals for ${ctx.tenant}`)
    return records.map((signal) => ({
      id: signal.id,
      tenant: signal.tenant,
      vNews: { sentiment: /shortage|outage/i.test(signal.summary) ? -0.5 : 0, volatilityLikelihood: 0.5 },
      bCapacity: /capacity/i.test(signal.summary) ? 0.7 : 0,
      model: 'well-behaved@1',
    }))
  },
}
