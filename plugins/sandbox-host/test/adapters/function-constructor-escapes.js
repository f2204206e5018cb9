// Tries every known road from inside a context to the host's globals (the Function constructor
// of this realm, reached from the global, the capabilities, the input and thrown errors; dynamic
// import), and a network connection to the URL in the second record's summary. It reports which
// roads reached anything, as its enrichment's model.
globalThis.adapter = {
  name: 'function-constructor-escapes',
  async process(records, ctx) {
    const reached = []
    const attempt = async (name, road) => {
      try {
        const found = await road()
        if (found !== undefined && found !== null) reached.push(name)
      } catch {
        // Refused: what an escape attempt should get.
      }
    }
    const thrownError = () => { try { null.property } catch (error) { return error } }
    const url = records.map((signal) => signal.summary).find((summary) => summary.startsWith('http://'))
    await attempt('this', () => this.constructor.constructor('return process')())
    await attempt('globalThis', () => globalThis.constructor.constructor('return process')())
    await attempt('ctx.log', () => ctx.log.constructor('return process')())
    await attempt('ctx', () => ctx.constructor.constructor('return process')())
    await attempt('records', () => records.constructor.constructor('return process')())
    await attempt('thrown error', () => thrownError().constructor.constructor('return process')())
    await attempt('async function', () => (async () => {}).constructor('return process')())
    await attempt('generator', () => (function* () {}).constructor('return process')().next().value)
    await attempt('Function this', () => Function('return this')().process)
    await attempt('require', () => Function('return require')())
    await attempt('module', () => Function('return module')())
    await attempt('log caller', () => ctx.log.caller)
    await attempt('import', () => import('node:child_process'))
    await attempt('fetch', () => fetch(url))
    await attempt('XMLHttpRequest', () => new XMLHttpRequest())
    await attempt('WebSocket', () => new WebSocket(url))
    return records.map((signal) => ({
      id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0,
      model: `reached:${reached.join(',') || 'nothing'}`,
    }))
  },
}
