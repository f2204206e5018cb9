import { examples, fail, pass, type RuntimeCheck } from './check.js'

/**
 * Every capability use of the run against the manifest: a fetch of a host it does not declare
 * (refused by the host, or a lookup of an undeclared name) and any kv use without `kv` fail the
 * run. Runs last: it reads what every other check's calls did.
 */
export const capabilitiesCheck: RuntimeCheck = {
  id: 'capabilities',
  title: 'Capability use matches the declaration',
  async run({ host, adapter }) {
    await host.golden()
    const uses = host.instances.flatMap((instance) => instance.uses())
    const undeclared = uses.filter((use) => !use.isDeclared)
    const declared = adapter.manifest.capabilities.length === 0 ? 'no capabilities' : adapter.manifest.capabilities.join(', ')
    if (undeclared.length > 0) {
      const lines = [...new Set(undeclared.map((use) => `${use.capability} ${use.detail}`))].sort()
      return fail([`${undeclared.length} capability use(s) outside the declaration (${declared})`, ...examples(lines, 5)])
    }
    const used = [...new Set(uses.map((use) => `${use.capability} ${use.detail}`))].sort()
    return pass([`declares ${declared}; used ${used.length === 0 ? 'none' : used.join(', ')}`])
  },
}
