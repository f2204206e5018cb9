// A thrown object whose message and stack getters never return.
globalThis.adapter = {
  name: 'throws-looping-getters',
  async process() {
    const thrown = new Error('hidden')
    Object.defineProperty(thrown, 'message', { get() { for (;;) {} } })
    Object.defineProperty(thrown, 'stack', { get() { for (;;) {} } })
    throw thrown
  },
}
