// Each output record has a getter that never returns: serializing the output loops.
globalThis.adapter = {
  name: 'output-looping-getter',
  process(records) {
    return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, get vNews() { for (;;) {} }, bCapacity: 0, model: 'getter@1' }))
  },
}
