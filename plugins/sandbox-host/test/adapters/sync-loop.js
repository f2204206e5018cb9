globalThis.adapter = { name: 'sync-loop', process() { for (;;) {} } }
