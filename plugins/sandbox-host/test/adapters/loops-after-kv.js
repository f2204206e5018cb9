// Awaits a host capability, then loops for ever in the continuation the host's answer starts.
globalThis.adapter = {
  name: 'loops-after-kv',
  async process(records, ctx) {
    await ctx.kv.get('anything')
    for (;;) { /* spin */ }
  },
}
