// Replaces JSON and its methods while the call runs, just before returning valid output: the
// sandbox serializes with the JSON it captured before any adapter code ran.
globalThis.adapter = {
  name: 'replaces-json',
  process(records) {
    const output = records.map((signal) => ({ id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: 'json-replacer@1' }))
    JSON.stringify = () => '[{"id":"forged"}]'
    JSON.parse = () => [{ id: 'forged' }]
    globalThis.JSON = { stringify: () => '"hijacked"', parse: () => 'hijacked' }
    return output
  },
}
