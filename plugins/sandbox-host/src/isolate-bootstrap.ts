// The trusted script every call's fresh context runs before any adapter code. It captures the
// built-ins the host relies on (JSON above all) while they are still the originals, removes what
// an adapter must not have, and returns the session function the child drives the call through.
// It takes no tenant: a context is made ahead of its call (isolate-call.ts), and the call's
// tenant reaches ctx only when the call runs. Everything it hands back is a string: adapter
// values never cross to the child, so no getter or proxy of theirs runs outside the isolate's
// limits.
//
// Atomics, SharedArrayBuffer and WebAssembly are removed: on isolated-vm 5.0.x with Node 20 a
// timed Atomics.waitAsync aborts the whole process (supervision contains that, but an adapter
// has no use for them), and wasm loops would escape the memory accounting.
//
// Session results start with a tag: o<json> output, b output too large, m<reason> contract
// broken before the output, j output not serializable (value in `thrown`), t threw (in `thrown`).
export const bootstrapSource = String.raw`(function (logSink, maxLogLines, capabilitySink, hasFetch, hasKv) {
  'use strict'
  const stringify = JSON.stringify
  const parse = JSON.parse
  const freeze = Object.freeze
  const ownDescriptor = Object.getOwnPropertyDescriptor
  const prototypeOf = Object.getPrototypeOf
  const apply = Reflect.apply
  const toText = String
  const global = globalThis
  delete global.Atomics
  delete global.SharedArrayBuffer
  delete global.WebAssembly
  let logCount = 0
  let thrown
  const log = freeze(function log(message) {
    logCount += 1
    if (logCount <= maxLogLines) logSink(typeof message === 'string' ? message : toText(message))
  })
  const capabilities = buildCapabilities()
  function callContext(tenant) {
    const context = { tenant: tenant, log: log }
    if (hasFetch) context.fetch = capabilities.fetch
    if (hasKv) context.kv = capabilities.kv
    return freeze(context)
  }

  // Granted capabilities: each call leaves as (id, name, JSON text) through capabilitySink; the
  // host's answer comes back through the session's 'deliver' op as 'o<json>' or 'e<message>'.
  // Pending calls live in a null-prototype object, which adapter code can neither see nor patch.
  function buildCapabilities() {
    const PromiseCtor = Promise
    const ErrorCtor = Error
    const TypeErrorCtor = TypeError
    const pending = Object.create(null)
    let nextId = 1
    function request(name, argument) {
      const json = stringify(argument)
      const id = nextId
      nextId += 1
      return new PromiseCtor(function (resolve, reject) {
        pending[id] = { resolve: resolve, reject: reject }
        capabilitySink(id, name, typeof json === 'string' ? json : 'null')
      })
    }
    function answer(id, text) {
      const waiting = pending[id]
      if (waiting === undefined) return
      delete pending[id]
      if (text[0] === 'o') waiting.resolve(parse(text.slice(1)))
      else waiting.reject(new ErrorCtor(text.slice(1)))
    }
    function key(value) {
      if (typeof value !== 'string') throw new TypeErrorCtor('kv keys are strings')
      return value
    }
    const fetch = freeze(async function fetch(url, init) {
      const options = init === undefined || init === null ? {} : init
      const response = await request('fetch', { url: toText(url), method: options.method, headers: options.headers, body: options.body })
      return freeze({ status: response.status, ok: response.status >= 200 && response.status < 300, headers: freeze(response.headers), body: response.body })
    })
    const kv = freeze({
      get: freeze(async function get(name) { return await request('kv.get', [key(name)]) }),
      set: freeze(async function set(name, value) {
        if (typeof value !== 'string') throw new TypeErrorCtor('kv values are strings')
        await request('kv.set', [key(name), value])
      }),
      delete: freeze(async function remove(name) { await request('kv.delete', [key(name)]) }),
    })
    return { fetch: fetch, kv: kv, answer: answer }
  }

  function describe(value) {
    const type = typeof value
    if (value === null || (type !== 'object' && type !== 'function')) {
      return 'threw a non-Error value (' + (value === null ? 'null' : type) + '): ' + toText(value)
    }
    // Own data properties only, down the prototype chain: an accessor is never called.
    let name
    let message
    let current = value
    for (let depth = 0; depth < 20 && current !== null && (name === undefined || message === undefined); depth += 1) {
      if (name === undefined) { const d = ownDescriptor(current, 'name'); if (d !== undefined) name = typeof d.value === 'string' ? d.value : null }
      if (message === undefined) { const d = ownDescriptor(current, 'message'); if (d !== undefined) message = typeof d.value === 'string' ? d.value : null }
      current = prototypeOf(current)
    }
    if (typeof message === 'string') return (typeof name === 'string' ? name : 'Error') + ': ' + message
    if (typeof name === 'string') return name + ' (its message could not be read)'
    const json = stringify(value)
    return typeof json === 'string' ? 'threw a non-Error value: ' + json : 'threw a value that could not be read'
  }

  // method is the host's 'process' or 'poll' (a source's poll gets the cursor as its input).
  async function run(inputJson, maxOutputChars, method, tenant) {
    const input = parse(inputJson)
    const ctx = callContext(tenant)
    const adapter = global.adapter
    if (adapter === null || (typeof adapter !== 'object' && typeof adapter !== 'function')) return 'mglobalThis.adapter is not set'
    const name = method === 'poll' ? 'poll' : 'process'
    const fn = adapter[name]
    if (typeof fn !== 'function') return 'mglobalThis.adapter.' + name + ' is not a function'
    let output
    try {
      output = await apply(fn, adapter, [input, ctx])
    } catch (error) {
      thrown = error
      return 't'
    }
    let json
    try {
      json = stringify(output)
    } catch (error) {
      thrown = error
      return 'j'
    }
    if (typeof json !== 'string') return 'mthe output is not JSON (it is ' + typeof output + ')'
    return json.length > maxOutputChars ? 'b' : 'o' + json
  }

  return function session(op, argument, limit, method, tenant) {
    if (op === 'load') {
      try { apply(argument, global, []) } catch (error) { thrown = error; return 't' }
      return ''
    }
    if (op === 'run') return run(argument, limit, method, tenant)
    if (op === 'logCount') return logCount
    if (op === 'deliver') { capabilities.answer(limit, argument); return '' }
    return describe(thrown)
  }
})`

/** Wraps a bundle so that evaluating it yields a function the session calls under its try. */
export function wrapBundle(source: string): string {
  return `(function () {\n${source}\n})`
}
