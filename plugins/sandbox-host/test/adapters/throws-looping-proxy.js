// A thrown proxy whose every trap loops: even reading its descriptors never returns.
globalThis.adapter = {
  name: 'throws-looping-proxy',
  process() {
    const loop = () => { for (;;) {} }
    throw new Proxy({}, { get: loop, getOwnPropertyDescriptor: loop, getPrototypeOf: loop, ownKeys: loop, has: loop })
  },
}
