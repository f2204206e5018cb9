// Breaks idempotency only: remembers the ids it has enriched in ctx.kv (declared; one key per
// batch, so it stays fast) and refuses one it has seen, so a redelivered batch is routed
// differently the second time.
globalThis.adapter = {
  name: 'broken-idempotency',
  async process(signals, ctx) {
    const seen = new Set(JSON.parse((await ctx.kv.get('seen')) ?? '[]'))
    const out = []
    for (const signal of signals) {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) {
        out.push({ id: signal.id, tenant: signal.tenant, error: 'not a signal' })
        continue
      }
      const isReplay = seen.has(signal.id)
      seen.add(signal.id)
      out.push(isReplay
        ? { id: signal.id, tenant: signal.tenant, error: 'already enriched' }
        : { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'broken-idempotency@1' })
    }
    await ctx.kv.set('seen', JSON.stringify([...seen]))
    return out
  },
}
