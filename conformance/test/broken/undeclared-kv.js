// Breaks capabilities only: keeps a call counter in ctx.kv without declaring "kv"; its output
// does not depend on it.
globalThis.adapter = {
  name: 'broken-capabilities',
  async process(signals, ctx) {
    if (typeof ctx.kv === 'object') await ctx.kv.set('calls', String(Number((await ctx.kv.get('calls')) ?? '0') + 1))
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'broken-capabilities@1' }
    })
  },
}
