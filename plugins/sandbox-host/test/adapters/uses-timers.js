// Schedules a loop for after the call returns: timers are absent from the isolate.
globalThis.adapter = {
  name: 'uses-timers',
  process(records) {
    setInterval(() => { for (;;) {} }, 1)
    setTimeout(() => { for (;;) {} }, 1)
    return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'timers@1' }))
  },
}
