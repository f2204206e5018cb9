globalThis.adapter = { name: 'loop-after-await', async process() { await null; for (;;) {} } }
