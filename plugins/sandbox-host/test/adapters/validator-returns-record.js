// Returns a "corrected" record with its verdict: not part of the verdict contract.
globalThis.adapter = {
  name: 'validator-returns-record',
  process(items) {
    return items.map(({ id, tenant, record }) => ({ id, tenant, valid: true, record: { ...record, region: 'fixed' } }))
  },
}
