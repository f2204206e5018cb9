// P(preemption) rises with the latest spot price; one forecast per input, its key repeated.
globalThis.adapter = {
  name: 'forecaster-well-behaved',
  process(inputs, ctx) {
    ctx.log(`forecasting ${inputs.length} pools for ${ctx.tenant}`)
    return inputs.map((input) => {
      const latest = input.telemetry[input.telemetry.length - 1]
      const price = latest === undefined ? 0 : latest.value
      return {
        id: input.id, tenant: input.tenant,
        probability: Math.min(1, Math.max(0, price)), horizonMinutes: 60, model: 'forecaster-well-behaved@1',
        features: { latestPrice: price, samples: input.telemetry.length, signals: input.signals.length },
      }
    })
  },
}
