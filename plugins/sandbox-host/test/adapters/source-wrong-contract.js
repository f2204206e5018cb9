// Claims its records are decisions, though its manifest says it returns telemetry.
globalThis.adapter = {
  name: 'source-wrong-contract',
  poll() {
    return { records: [{ contract: 'decision.v1', source: 'x', sourceEventId: '1', action: 'drain' }], cursor: null }
  },
}
