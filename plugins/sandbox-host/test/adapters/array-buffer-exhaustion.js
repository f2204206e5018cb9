// Allocates 8 MB array buffers and typed arrays, whose memory lives outside the JS heap, and
// keeps them all; a failed allocation is caught and tried again.
globalThis.adapter = {
  name: 'array-buffer-exhaustion',
  process() {
    const kept = []
    for (;;) {
      try {
        kept.push(new ArrayBuffer(8 << 20), new Float64Array(1 << 20).fill(1))
      } catch (error) {
        kept.push(new Uint8Array(1 << 20))
      }
    }
  },
}
