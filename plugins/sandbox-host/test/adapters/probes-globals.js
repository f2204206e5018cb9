// Reports which host globals it can see, as its enrichment's model.
globalThis.adapter = {
  name: 'probes-globals',
  process(records) {
    const seen = ['process', 'require', 'module', 'setTimeout', 'setInterval', 'queueMicrotask', 'fetch', 'Atomics', 'SharedArrayBuffer', 'WebAssembly']
      .filter((name) => typeof globalThis[name] !== 'undefined')
    let viaFunction = 'none'
    try { viaFunction = Function('return typeof process')() } catch (error) { viaFunction = 'threw' }
    return records.map((signal) => ({
      id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0,
      model: `seen:${seen.join(',') || 'nothing'};function:${viaFunction}`,
    }))
  },
}
