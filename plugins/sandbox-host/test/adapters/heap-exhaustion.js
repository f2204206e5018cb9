globalThis.adapter = {
  name: 'heap-exhaustion',
  process() { const hoard = []; for (;;) hoard.push({ filler: new Array(1000).fill(hoard.length) }) },
}
