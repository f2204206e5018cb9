import { grantedCapabilities, requestedCapabilities } from '@aether/plugin-sandbox-host'
import { InstallCapabilityEscalation, InstallGrantRequired } from '../errors.js'

/** Asks the operator whether to grant one capability (a terminal prompt). */
export type AskGrant = (capability: string, grant: string) => Promise<boolean>

/** How the operator decides: grants on the command line, `--yes`, or a prompt on a terminal. */
export interface GrantDecisions {
  grants: readonly string[]
  isYes: boolean
  ask?: AskGrant
}

/** What a locked version asked for and was granted: an update inherits those decisions. */
export interface PreviousGrants {
  version: string
  certifiedCapabilities: readonly string[]
  grants: readonly string[]
}

/** The sandbox-host grant for a requested capability: `fetch:host` → `fetch=host`, `kv` → `kv`. */
export function grantOf(capability: string): string {
  return capability.startsWith('fetch:') ? `fetch=${capability.slice('fetch:'.length)}` : capability
}

/**
 * The grants for an adapter certified for `capabilities`. Each capability is decided by the
 * command line (`--grant`, `--yes`), by the locked version's decision when that version asked
 * for it too, or by the operator at the prompt. A capability nothing decides refuses the
 * install: an update that asks for more than the locked version names the new capabilities.
 * A `--grant` for something not asked for, or malformed, is refused (the sandbox host's rule).
 */
export async function decideGrants(id: string, capabilities: readonly string[], decisions: GrantDecisions, previous: PreviousGrants | undefined): Promise<string[]> {
  grantedCapabilities(requestedCapabilities(capabilities, `${id} (certified capabilities)`), decisions.grants, id)
  const granted: string[] = []
  const undecided: string[] = []
  for (const capability of capabilities) {
    const grant = grantOf(capability)
    if (decisions.isYes || decisions.grants.includes(grant)) granted.push(grant)
    else if (previous?.certifiedCapabilities.includes(capability) === true) {
      if (previous.grants.includes(grant)) granted.push(grant)
    } else if (decisions.ask !== undefined) {
      if (await decisions.ask(capability, grant)) granted.push(grant)
    } else undecided.push(capability)
  }
  if (undecided.length > 0) {
    const flags = undecided.map((capability) => `--grant ${grantOf(capability)}`).join(' ')
    if (previous !== undefined) throw new InstallCapabilityEscalation([id, previous.version, undecided, flags])
    throw new InstallGrantRequired([id, undecided, flags])
  }
  return granted
}
