// Decides an action decision.v1 does not have.
globalThis.adapter = {
  name: 'policy-unknown-action',
  process(forecasts) {
    return forecasts.map((forecast) => ({ id: forecast.id, tenant: forecast.tenant, action: 'panic', confidence: 1, policy: 'p@1', explanation: 'run' }))
  },
}
