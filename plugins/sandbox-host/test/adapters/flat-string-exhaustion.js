// Keeps ever more 1 MB strings, each flattened (indexOf reads it whole), until memory runs out.
globalThis.adapter = {
  name: 'flat-string-exhaustion',
  process() {
    const kept = []
    for (let index = 0; ; index += 1) {
      const text = `${index}:`.repeat(1 << 19)
      text.indexOf('never there')
      kept.push(text)
    }
  },
}
