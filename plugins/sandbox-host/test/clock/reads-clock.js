// Reads every clock a frozen call stops, and Math.random; not a hostile adapter, so it lives
// outside test/adapters (which the conformance self-test expects to fail).
globalThis.adapter = {
  name: 'reads-clock',
  process(records) {
    return records.map((record) => ({
      id: record.id, tenant: record.tenant,
      now: Date.now(), iso: new Date().toISOString(), called: Date(), epoch: new Date(0).getTime(),
      isDate: new Date() instanceof Date, constructorIsDate: new Date().constructor === Date,
      utc: Date.UTC(2023, 0, 1), parsed: Date.parse('2023-01-01T00:00:00Z'),
      random: [Math.random(), Math.random(), Math.random()],
    }))
  },
}
