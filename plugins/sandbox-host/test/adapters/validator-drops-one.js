// Returns one verdict fewer than it was given records.
globalThis.adapter = {
  name: 'validator-drops-one',
  process(items) {
    return items.slice(1).map(({ id, tenant }) => ({ id, tenant, valid: true }))
  },
}
