// Changes every record it is given, then approves it: the host must keep the original.
globalThis.adapter = {
  name: 'validator-mutates-records',
  process(items) {
    return items.map((item) => {
      if (item.record !== null && typeof item.record === 'object') { item.record.region = 'changed'; item.record.injected = true }
      return { id: item.id, tenant: item.tenant, valid: true }
    })
  },
}
