// A thrown Error whose message getter never returns: the host reads its name and not its message.
globalThis.adapter = {
  name: 'throws-unreadable-message',
  process() {
    const thrown = new TypeError('hidden')
    Object.defineProperty(thrown, 'message', { get() { for (;;) {} } })
    throw thrown
  },
}
