// Migrates off a pool whose forecast passes one half, holds otherwise, and says why.
globalThis.adapter = {
  name: 'policy-well-behaved',
  process(forecasts, ctx) {
    ctx.log(`deciding ${forecasts.length} forecasts for ${ctx.tenant}`)
    return forecasts.map((forecast) => {
      const action = forecast.probability > 0.5 ? 'migrate' : 'hold'
      return {
        id: forecast.id, tenant: forecast.tenant, action, confidence: Math.abs(forecast.probability - 0.5) * 2,
        policy: 'policy-well-behaved@1', explanation: `P=${forecast.probability} for ${forecast.pool}: ${action}`,
      }
    })
  },
}
