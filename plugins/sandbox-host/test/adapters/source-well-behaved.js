// A paged feed of hourly spot prices: three pages of four samples, the cursor is the next page.
// Sample 6 has a price that is not a number, for the validator to refuse.
globalThis.adapter = {
  name: 'source-well-behaved',
  poll(cursor, ctx) {
    const page = cursor === null ? 0 : cursor.page
    ctx.log(`polling page ${page} for ${ctx.tenant}`)
    if (page >= 3) return { records: [], cursor }
    const records = [0, 1, 2, 3].map((offset) => {
      const hour = page * 4 + offset
      return {
        contract: 'telemetry.v1', source: 'spot-feed', sourceEventId: `n2-standard-4/${hour}`,
        timestamp: new Date(Date.UTC(2023, 3, 30, hour)).toISOString(), region: 'us-east1', pool: 'n2-standard-4',
        metric: 'spot_price_usd_hour', value: hour === 6 ? 'high' : hour / 10,
      }
    })
    return { records, cursor: { page: page + 1 } }
  },
}
