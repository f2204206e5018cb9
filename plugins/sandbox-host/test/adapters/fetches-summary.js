// Fetches the URL each signal's summary names, catching any error: a refused fetch must fail the
// call anyway. Logs what it saw; `model` says whether ctx.fetch exists and what came back.
globalThis.adapter = {
  name: 'fetches-summary',
  async process(records, ctx) {
    const out = []
    for (const signal of records) {
      let model
      if (typeof ctx.fetch !== 'function') model = 'no-fetch'
      else {
        try {
          const response = await ctx.fetch(signal.summary, { headers: { 'x-adapter': 'fetches-summary' } })
          model = `status:${response.status}`
          ctx.log(`body:${response.body}`)
        } catch (error) {
          model = 'caught'
          ctx.log(`caught:${error.message}`)
        }
      }
      out.push({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model })
    }
    return out
  },
}
