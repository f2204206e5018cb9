globalThis.adapter = { name: 'throws-string', process() { throw 'no model loaded' } }
