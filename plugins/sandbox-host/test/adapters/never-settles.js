globalThis.adapter = { name: 'never-settles', process() { return new Promise(() => {}) } }
