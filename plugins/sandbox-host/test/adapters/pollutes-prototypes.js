// Pollutes every built-in prototype it can reach and replaces JSON, then returns valid output.
Object.prototype.polluted = 'yes'
Array.prototype.polluted = 'yes'
Object.defineProperty(Object.prototype, 'toJSON', { value: () => 'hijacked', configurable: true, writable: true })
globalThis.JSON = { stringify: () => '"hijacked"', parse: () => [] }
globalThis.adapter = {
  name: 'pollutes-prototypes',
  process(records) {
    delete Object.prototype.toJSON
    return records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'polluter@1' }))
  },
}
