// Keeps its whole history in the cursor.
globalThis.adapter = {
  name: 'source-huge-cursor',
  poll() {
    return { records: [], cursor: 'x'.repeat(20_000) }
  },
}
