import type ivm from 'isolated-vm'
import type { FrozenClock } from './protocol.js'

// Runs inside a sandbox process only, in a call's fresh context after the bootstrap and before
// any adapter code: the conformance harness asks for it so that a legal adapter reading the clock
// or Math.random gives the same output twice. Pipelines never ask; their adapters see real time.
//
// Date keeps its prototype (so `instanceof Date` and every method work); only "now" stands still:
// `new Date()`, `Date()`, `Date.now()` and `performance.now()` (when the context has one; a bare
// isolated-vm context has not). Math.random is xorshift32 from the seed, restarted every call.
// Intl.DateTimeFormat still formats the real time when given no date: that clock is not frozen.
export const clockFreezeSource = String.raw`(function (nowMs, seed) {
  'use strict'
  const global = globalThis
  const RealDate = global.Date
  const construct = Reflect.construct
  const define = Object.defineProperty
  const method = (value) => ({ value: value, writable: true, configurable: true, enumerable: false })
  const FrozenDate = function Date(...args) {
    if (new.target === undefined) return new RealDate(nowMs).toString()
    return construct(RealDate, args.length === 0 ? [nowMs] : args, new.target)
  }
  define(FrozenDate, 'length', { value: 7 })
  define(FrozenDate, 'prototype', { value: RealDate.prototype, writable: false })
  define(FrozenDate, 'now', method(function now() { return nowMs }))
  define(FrozenDate, 'parse', method(RealDate.parse))
  define(FrozenDate, 'UTC', method(RealDate.UTC))
  define(RealDate.prototype, 'constructor', method(FrozenDate))
  define(global, 'Date', method(FrozenDate))
  const performance = global.performance
  if (performance !== null && typeof performance === 'object' && typeof performance.now === 'function') define(performance, 'now', method(function now() { return 0 }))
  let state = (seed >>> 0) || 0x9e3779b9
  define(Math, 'random', method(function random() {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 4294967296
  }))
})`

const scripts = new WeakMap<ivm.Isolate, ivm.Script>()

/** Freezes the clock and seeds Math.random in `context` (see above); the script is compiled once per isolate. */
export async function freezeClock(isolate: ivm.Isolate, context: ivm.Context, clock: FrozenClock, timeout: number): Promise<void> {
  let script = scripts.get(isolate)
  if (script === undefined) {
    script = await isolate.compileScript(clockFreezeSource, { filename: 'aether:clock-freeze' })
    scripts.set(isolate, script)
  }
  const freeze = await script.run(context, { reference: true, timeout }) as ivm.Reference<(nowMs: number, seed: number) => void>
  try {
    await freeze.apply(undefined, [clock.nowMs, clock.seed], { timeout })
  } finally {
    freeze.release()
  }
}
