// Spends about a millisecond on each record, busy until Intl's clock (which the harness's frozen
// clock does not stop) has moved on by as many milliseconds as the batch has records; that clock
// ticks in steps of a few milliseconds, so the wait is for the whole batch, not per record. The
// limits it declares make room for it: with a tight timeout it breaks limits, with a generous one
// only performance.
const clock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', fractionalSecondDigits: 3,
})
function intlNow() {
  const part = Object.fromEntries(clock.formatToParts().map(({ type, value }) => [type, Number(value)]))
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second, part.fractionalSecond)
}
globalThis.adapter = {
  name: 'broken-slow',
  process(signals) {
    const until = intlNow() + signals.length
    while (intlNow() < until) { /* work */ }
    return signals.map((signal) => {
      if (typeof signal.summary !== 'string' || signal.summary.length > 2000 || Object.keys(signal).includes('nested')) return { id: signal.id, tenant: signal.tenant, error: 'not a signal' }
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'broken-slow@1' }
    })
  },
}
