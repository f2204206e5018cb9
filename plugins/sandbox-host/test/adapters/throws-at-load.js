// Throws while its bundle is evaluated, before it sets globalThis.adapter.
throw new Error('no model file at load')
