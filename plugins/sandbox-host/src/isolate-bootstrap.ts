// The trusted script every call's fresh context runs before any adapter code. It captures the
// built-ins the host relies on (JSON above all) while they are still the originals, removes what
// an adapter must not have, and returns the session function the child drives the call through.
// Everything it hands back is a string: adapter values never cross to the child, so no getter or
// proxy of theirs runs outside the isolate's limits.
//
// Atomics, SharedArrayBuffer and WebAssembly are removed: on isolated-vm 5.0.x with Node 20 a
// timed Atomics.waitAsync aborts the whole process (supervision contains that, but an adapter
// has no use for them), and wasm loops would escape the memory accounting.
//
// Session results start with a tag: o<json> output, b output too large, m<reason> contract
// broken before the output, j output not serializable (value in `thrown`), t threw (in `thrown`).
export const bootstrapSource = String.raw`(function (logSink, tenant, maxLogLines) {
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
  const ctx = freeze({
    tenant: tenant,
    log: freeze(function log(message) {
      logCount += 1
      if (logCount <= maxLogLines) logSink(typeof message === 'string' ? message : toText(message))
    }),
  })

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
  async function run(inputJson, maxOutputChars, method) {
    const input = parse(inputJson)
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

  return function session(op, argument, limit, method) {
    if (op === 'load') {
      try { apply(argument, global, []) } catch (error) { thrown = error; return 't' }
      return ''
    }
    if (op === 'run') return run(argument, limit, method)
    if (op === 'logCount') return logCount
    return describe(thrown)
  }
})`

/** Wraps a bundle so that evaluating it yields a function the session calls under its try. */
export function wrapBundle(source: string): string {
  return `(function () {\n${source}\n})`
}
