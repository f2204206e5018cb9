// Blocks the isolate's thread in Atomics.wait for ten minutes: Atomics is removed from the isolate.
globalThis.adapter = {
  name: 'atomics-wait',
  process() {
    Atomics.wait(new Int32Array(new ArrayBuffer(16)), 0, 0, 600000)
    return []
  },
}
