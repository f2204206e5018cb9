// Awaits a call into the host (its log capability), then loops: the deadline must cover the
// time after `await`, which isolated-vm's own timeout does not.
globalThis.adapter = { name: 'loop-after-log', async process(records, ctx) { await ctx.log('about to spin'); for (;;) {} } }
