// A regular expression with catastrophic backtracking: one test runs for years.
globalThis.adapter = {
  name: 'regex-backtracking',
  process(records) {
    const matched = /^(a+)+$/.test(`${'a'.repeat(64)}!`)
    return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: matched ? 1 : 0, model: 'regex@1' }))
  },
}
