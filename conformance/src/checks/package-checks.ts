import { join, sep } from 'node:path'
import { kernelVersion } from '@aether/core'
import { type InstalledAdapter, type OperatorMaxima, readAdapter } from '@aether/plugin-sandbox-host'
import semver from 'semver'
import { aKind } from '../golden/kind-inputs.js'
import type { CheckOutcome } from './check.js'

/** The package checks, in the order readAdapter meets them (package.engine aside). */
export const packageCheckIds = ['package.manifest', 'package.engine', 'package.entry', 'package.sha512', 'package.maxima'] as const
export type PackageCheckId = (typeof packageCheckIds)[number]

export const packageCheckTitles: Readonly<Record<PackageCheckId, string>> = {
  'package.manifest': 'The manifest follows the adapter format',
  'package.engine': 'The engine range accepts this kernel',
  'package.entry': 'The entry bundle is present inside the package',
  'package.sha512': 'The bundle\'s sha512 matches the manifest',
  'package.maxima': 'Declared capabilities and limits are within the operator maxima',
}

/** Which package check each install refusal of the sandbox host is. */
function checkOfRefusal(error: { code?: unknown; message: string }, folder: string): PackageCheckId {
  switch (error.code) {
    case 'AETHER_E_SANDBOX_BUNDLE_MISMATCH': return 'package.sha512'
    case 'AETHER_E_SANDBOX_LIMIT_ABOVE_MAXIMUM': return 'package.maxima'
    case 'AETHER_E_SANDBOX_MANIFEST_INVALID': return / is invalid at entry: /.test(error.message) ? 'package.entry' : 'package.manifest'
    case 'AETHER_E_SANDBOX_ADAPTER_UNREADABLE': return error.message.startsWith(`Adapter file ${join(folder, 'package.json')} `) ? 'package.manifest' : 'package.entry'
    default: return 'package.manifest'
  }
}

/** readAdapter's own order: a refusal at one step means the steps before it held. */
const installOrder: PackageCheckId[] = ['package.manifest', 'package.maxima', 'package.entry', 'package.sha512']

/**
 * The package checks of `folder`, through the sandbox host's own install (readAdapter, with the
 * operator maxima); the engine range is checked against this kernel with semver. `manifest` is
 * the parsed aether-adapter.json. The installed adapter comes back when the host accepted it.
 * File names in the evidence are relative to `folder`, so that a tarball's temporary folder does
 * not make two reports differ.
 */
export async function packageChecks(folder: string, manifest: Record<string, unknown>, maxima: OperatorMaxima): Promise<{
  outcomes: Record<PackageCheckId, CheckOutcome>
  installed: InstalledAdapter | undefined
}> {
  const outcomes = {} as Record<PackageCheckId, CheckOutcome>
  let installed: InstalledAdapter | undefined
  try {
    installed = await readAdapter(folder, maxima)
    const { manifest: read } = installed
    outcomes['package.manifest'] = { status: 'pass', evidence: [`${aKind(read.kind)} reading ${read.input} and returning ${read.output}`] }
    outcomes['package.maxima'] = { status: 'pass', evidence: [`limits ${JSON.stringify(read.limits)} within ${JSON.stringify(maxima)}; capabilities ${read.capabilities.length === 0 ? 'none' : read.capabilities.join(', ')}`] }
    outcomes['package.entry'] = { status: 'pass', evidence: [`${read.entry} is present`] }
    outcomes['package.sha512'] = { status: 'pass', evidence: [`${read.entry} has the sha512 the manifest records`] }
  } catch (error) {
    const refusal = error as Error & { code?: unknown }
    if (typeof refusal.code !== 'string') throw error
    const failed = checkOfRefusal(refusal, folder)
    const at = installOrder.indexOf(failed)
    for (const [index, id] of installOrder.entries()) {
      outcomes[id] = index < at ? { status: 'pass', evidence: ['held (the sandbox host checked it before the refusal)'] }
        : index === at ? { status: 'fail', evidence: [`${refusal.code}: ${refusal.message.replaceAll(`${folder}${sep}`, '')}`] }
          : { status: 'skip', evidence: [`not reached: the sandbox host refused the package at ${failed}`] }
    }
  }
  outcomes['package.engine'] = engineOutcome(manifest.engine)
  return { outcomes, installed }
}

function engineOutcome(engine: unknown): CheckOutcome {
  if (typeof engine !== 'string') return { status: 'skip', evidence: ['the manifest has no engine range (see package.manifest)'] }
  if (semver.validRange(engine) === null) return { status: 'fail', evidence: [`"${engine}" is not a semver range`] }
  if (!semver.satisfies(kernelVersion, engine)) return { status: 'fail', evidence: [`"${engine}" does not accept kernel ${kernelVersion}`] }
  return { status: 'pass', evidence: [`"${engine}" accepts kernel ${kernelVersion}`] }
}
