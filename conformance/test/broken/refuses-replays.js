// Breaks idempotency only: remembers each id in ctx.kv (declared) and refuses one it has seen,
// so a redelivered batch is routed differently the second time.
globalThis.adapter = {
  name: 'broken-idempotency',
  async process(signals, ctx) {
    const out = []
    for (const signal of signals) {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) {
        out.push({ id: signal.id, tenant: signal.tenant, error: 'not a signal' })
        continue
      }
      const seen = await ctx.kv.get(signal.id)
      if (seen === null) await ctx.kv.set(signal.id, '1')
      out.push(seen === null
        ? { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'broken-idempotency@1' }
        : { id: signal.id, tenant: signal.tenant, error: 'already enriched' })
    }
    return out
  },
}
