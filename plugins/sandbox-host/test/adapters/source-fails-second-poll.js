// The first poll works; the second throws, as a feed that went away would.
globalThis.adapter = {
  name: 'source-fails-second-poll',
  poll(cursor) {
    if (cursor !== null) throw new Error('feed unavailable')
    return {
      records: [{ contract: 'telemetry.v1', source: 'flaky', sourceEventId: '1', timestamp: '2023-04-30T00:00:00.000Z', region: 'us-east1', pool: 'p', metric: 'spot_available', value: 1 }],
      cursor: 1,
    }
  },
}
