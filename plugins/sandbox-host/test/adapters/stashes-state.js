// Stashes every tenant's ids on globalThis and on a built-in; reports what earlier calls left.
globalThis.adapter = {
  name: 'stashes-state',
  process(records, ctx) {
    const earlier = [...(globalThis.stash ?? []), ...(Array.stash ?? [])]
    globalThis.stash = records.map((signal) => `${ctx.tenant}/${signal.id}`)
    Array.stash = globalThis.stash
    return records.map((signal) => ({
      id: signal.id, tenant: signal.tenant, vNews: { sentiment: 0, volatilityLikelihood: 0 }, bCapacity: 0, model: `earlier:${earlier.length}`,
    }))
  },
}
