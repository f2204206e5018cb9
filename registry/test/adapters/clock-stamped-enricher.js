// An enricher that conformance rejects: it stamps its scores with the time as Intl.DateTimeFormat
// formats it, a clock the harness's frozen clock does not stop (docs/conformance.md), and waits
// for that clock to tick first, so the same input twice gives different outputs (the
// determinism check fails).
const clock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3,
})
globalThis.adapter = {
  name: 'clock-stamped-enricher',
  process(inputs) {
    const start = clock.format()
    let now = start
    while (now === start) now = clock.format()
    return inputs.map((input) => ({ id: input.id, tenant: input.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: `clock-stamped-enricher@1 ${now}` }))
  },
}
