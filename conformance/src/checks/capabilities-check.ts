import { examples, fail, pass, type RuntimeCheck } from './check.js'

/**
 * Every capability use of the run against the manifest and the recorded traffic: a fetch of a
 * host it does not declare (refused by the host), any kv use without `kv`, and a fetch of a
 * declared host that no recorded exchange answers (the harness runs offline) fail the run. Runs
 * last: it reads what every other check's calls did.
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
    const file = host.setup.recordings.file
    const unrecorded = [...new Set(uses.flatMap((use) => use.unrecorded === undefined ? [] : [use.unrecorded]))].sort()
    if (unrecorded.length > 0) {
      const count = uses.filter((use) => use.unrecorded !== undefined).length
      return fail([`${count} fetch(es) of a declared host that no exchange of the adapter's recorded fetch traffic (${file}) answers; the harness runs offline`, ...examples(unrecorded, 5)])
    }
    const used = [...new Set(uses.map((use) => `${use.capability} ${use.detail}`))].sort()
    const fetched = uses.some((use) => use.capability === 'fetch') ? [`every fetch was answered from ${file} (${host.setup.recordings.exchanges.length} exchanges)`] : []
    return pass([`declares ${declared}; used ${used.length === 0 ? 'none' : used.join(', ')}`, ...fetched])
  },
}
