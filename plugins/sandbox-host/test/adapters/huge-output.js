globalThis.adapter = {
  name: 'huge-output',
  process(records) { return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, padding: 'x'.repeat(100000) })) },
}
