// Breaks determinism only: stamps its output with the time as Intl.DateTimeFormat formats it
// when given no date, a clock the harness's frozen clock does not stop. It waits for that clock
// to tick first, so two calls never give the same stamp.
const clock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3,
})
globalThis.adapter = {
  name: 'broken-determinism',
  process(signals) {
    const start = clock.format()
    let now = start
    while (now === start) now = clock.format()
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: `broken-determinism@1 ${now}` }
    })
  },
}
