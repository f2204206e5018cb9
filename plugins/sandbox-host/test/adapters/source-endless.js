// Never runs out: every poll has one more sample.
globalThis.adapter = {
  name: 'source-endless',
  poll(cursor) {
    const next = (cursor ?? 0) + 1
    return {
      records: [{ contract: 'telemetry.v1', source: 'endless', sourceEventId: String(next), timestamp: '2023-04-30T00:00:00.000Z', region: 'us-east1', pool: 'p', metric: 'spot_available', value: next }],
      cursor: next,
    }
  },
}
