import { isAetherError } from '@aether/plugin-api'
import { certifiedVersions, chooseVersion } from './choose-version.js'
import { ProjectLock } from './project-lock.js'
import { RegistryClient } from './registry-client.js'

/** One locked adapter against its registry: installed, what its range installs now, the newest. */
export interface OutdatedRow {
  name: string
  current: string
  /** The highest certified version its locked range accepts; `-` when none does any more. */
  wanted: string
  /** The highest certified version of all. */
  latest: string
}

/** `aether plugin outdated`: every locked adapter with its current, wanted and latest versions. */
export async function outdatedAdapters(projectDir: string): Promise<OutdatedRow[]> {
  const project = await ProjectLock.read(projectDir)
  const rows: OutdatedRow[] = []
  for (const [name, locked] of Object.entries(project.lock.adapters)) {
    const packument = await new RegistryClient(locked.registry).packument(name)
    let wanted = '-'
    try {
      wanted = chooseVersion(packument, locked.range).version
    } catch (error) {
      if (!isAetherError(error) || error.code !== 'AETHER_E_REGISTRY_INSTALL_VERSION_UNRESOLVED') throw error
    }
    rows.push({ name, current: locked.version, wanted, latest: certifiedVersions(packument).at(-1)?.version ?? '-' })
  }
  return rows
}
