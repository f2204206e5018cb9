// A small rule pack: every record needs a region, a telemetry sample a numeric value. It sees
// each record in the host's envelope { id, tenant, record } and returns only verdicts.
globalThis.adapter = {
  name: 'validator-well-behaved',
  process(items, ctx) {
    ctx.log(`validating ${items.length} records for ${ctx.tenant}`)
    return items.map(({ id, tenant, record }) => {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) return { id, tenant, valid: false, reason: 'not an object' }
      const issues = []
      if (typeof record.region !== 'string') issues.push({ path: '/region', message: 'a record needs a region' })
      if (record.contract === 'telemetry.v1' && typeof record.value !== 'number') issues.push({ path: '/value', message: 'a sample value is a number' })
      return issues.length === 0 ? { id, tenant, valid: true } : { id, tenant, valid: false, reason: `rule pack: ${issues.length} issue(s)`, issues }
    })
  },
}
