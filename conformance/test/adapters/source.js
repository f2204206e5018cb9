// A paged feed of hourly spot prices held in the bundle: 2 pages of 500 samples; the cursor is
// the next page. A cursor it did not give out is refused, never taken as "start over".
globalThis.adapter = {
  name: 'test-source',
  poll(cursor) {
    const isCursor = cursor === null || (typeof cursor === 'object' && !Array.isArray(cursor) && Object.keys(cursor).join() === 'page' && Number.isInteger(cursor.page) && cursor.page >= 0)
    if (!isCursor) throw new Error('not a cursor of this source: expected null or { page }')
    const page = cursor === null ? 0 : cursor.page
    if (page >= 2) return { records: [], cursor }
    const records = Array.from({ length: 500 }, (_, offset) => {
      const hour = page * 500 + offset
      return {
        contract: 'telemetry.v1', source: 'test-spot-feed', sourceEventId: `n2-standard-4/us-east1/${hour}`,
        timestamp: new Date(Date.UTC(2023, 0, 1, hour)).toISOString(), region: 'us-east1', pool: 'n2-standard-4',
        metric: 'spot_price_usd_hour', value: Math.round((0.05 + (hour % 24) / 1000) * 1e6) / 1e6,
      }
    })
    return { records, cursor: { page: page + 1 } }
  },
}
