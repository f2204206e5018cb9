// A timed Atomics.waitAsync, which aborts a Node 20 process running isolated-vm 5.0.x.
globalThis.adapter = {
  name: 'atomics-wait-async',
  async process() {
    const cells = new Int32Array(new SharedArrayBuffer(16))
    await Atomics.waitAsync(cells, 0, 0, 50).value
    return []
  },
}
