// Counts the signals it has seen, per tenant, in ctx.kv; a "flood" summary first tries to store
// more than the quota allows and catches the refusal.
globalThis.adapter = {
  name: 'counts-in-kv',
  async process(records, ctx) {
    const result = (model) => records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model }))
    if (typeof ctx.kv !== 'object') return result('no-kv')
    if (records[0].summary === 'flood') {
      try { await ctx.kv.set('flood', 'x'.repeat(5000)) } catch (error) { ctx.log(`caught:${error.message}`) }
    }
    const count = Number((await ctx.kv.get('count')) ?? '0') + records.length
    await ctx.kv.set('count', String(count))
    return result(`count:${count}`)
  },
}
