globalThis.adapter = {
  name: 'log-flood',
  process(records, ctx) {
    for (let line = 0; line < 10000; line += 1) ctx.log(`line ${line}`)
    return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'flood@1' }))
  },
}
