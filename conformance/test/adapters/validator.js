// A rule pack for signal.v1 and telemetry.v1: known fields only, a region, a summary of at most
// 2000 characters, a numeric sample value. Sees each record in the host's envelope.
const common = ['id', 'tenant', 'contract', 'source', 'sourceEventId', 'timestamp', 'region', 'zone']
const fields = {
  'signal.v1': new Set([...common, 'provider', 'endTimestamp', 'severity', 'summary']),
  'telemetry.v1': new Set([...common, 'pool', 'metric', 'value']),
}
globalThis.adapter = {
  name: 'test-validator',
  process(items) {
    return items.map(({ id, tenant, record }) => {
      const invalid = (reason, path = '') => ({ id, tenant, valid: false, reason, issues: [{ path, message: reason }] })
      if (record === null || typeof record !== 'object' || Array.isArray(record)) return invalid('not a record')
      const known = fields[record.contract]
      if (known === undefined) return invalid('contract is not signal.v1 or telemetry.v1', '/contract')
      const extra = Object.keys(record).filter((key) => !known.has(key))
      if (extra.length > 0) return invalid(`unknown fields: ${extra.slice(0, 3).join(', ')}`, `/${extra[0]}`)
      if (typeof record.region !== 'string' || record.region === '') return invalid('a record needs a region', '/region')
      if (record.contract === 'signal.v1' && (typeof record.summary !== 'string' || record.summary.length > 2000)) return invalid('summary must be at most 2000 characters', '/summary')
      if (record.contract === 'telemetry.v1' && typeof record.value !== 'number') return invalid('a sample value is a number', '/value')
      return { id, tenant, valid: true }
    })
  },
}
