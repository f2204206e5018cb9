// Breaks isolation only: counts its calls on a server it declares (counter.example), one counter
// for every tenant, and writes the count into each output, so tenant B's output depends on
// whether tenant A called first. The sandbox host keeps kv per tenant and every call's context
// fresh; a far side that keeps state is the leak left. Its recorded traffic
// (conformance/recorded-fetch.json, beside it in the test) plays that server: 1, then 2, ...
globalThis.adapter = {
  name: 'broken-isolation',
  async process(signals, ctx) {
    const response = await ctx.fetch('https://counter.example/calls', { method: 'POST' })
    const count = response.body.trim()
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: `broken-isolation@1 call ${count}` }
    })
  },
}
