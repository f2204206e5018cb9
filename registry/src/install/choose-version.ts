import { Value } from '@sinclair/typebox/value'
import semver from 'semver'
import { InstallNotCertified, InstallVersionUnresolved } from '../errors.js'
import { Certificate } from '../signing/certification.js'
import type { InstallPackument } from './registry-client.js'

/** A certified version as the packument offers it: where its tarball is and what was signed. */
export interface CertifiedVersion {
  name: string
  version: string
  tarball: string
  integrity: string
  certificate: Certificate
  signature: string
  /** True when its author deprecated it (still certified; chosen only when nothing else fits). */
  isDeprecated: boolean
}

/** Every certified (or certified, then deprecated) version, in semver order. */
export function certifiedVersions(packument: InstallPackument): CertifiedVersion[] {
  const certified: CertifiedVersion[] = []
  for (const entry of Object.values(packument.versions)) {
    const aether = entry.aether
    if (aether === undefined || (aether.state !== 'certified' && aether.state !== 'deprecated')) continue
    if (!Value.Check(Certificate, aether.certificate) || aether.signature === undefined) {
      throw new InstallNotCertified([`${packument.name}@${entry.version}`, 'the registry serves a malformed certificate or no signature'])
    }
    certified.push({
      name: packument.name, version: entry.version, tarball: entry.dist.tarball, integrity: entry.dist.integrity,
      certificate: aether.certificate, signature: aether.signature, isDeprecated: aether.state === 'deprecated',
    })
  }
  return certified.sort((a, b) => semver.compare(a.version, b.version))
}

/**
 * The version `range` (a semver range or a dist-tag) installs: the highest certified version
 * that satisfies it, preferring versions not deprecated. Refuses, saying why, when none does.
 */
export function chooseVersion(packument: InstallPackument, range: string): CertifiedVersion {
  const spec = `${packument.name}@${range}`
  const tagged = packument['dist-tags'][range]
  const effective = tagged ?? range
  if (semver.validRange(effective) === null) throw new InstallVersionUnresolved([spec, `"${range}" is neither a semver range nor a dist-tag of the package`])
  const certified = certifiedVersions(packument).filter((candidate) => semver.satisfies(candidate.version, effective))
  const chosen = certified.filter((candidate) => !candidate.isDeprecated).at(-1) ?? certified.at(-1)
  if (chosen !== undefined) return chosen
  const matching = Object.values(packument.versions).filter((entry) => semver.satisfies(entry.version, effective))
  if (matching.length === 0) {
    throw new InstallVersionUnresolved([spec, `no published version satisfies it (published: ${Object.keys(packument.versions).join(', ') || 'none'})`])
  }
  const states = matching.map((entry) => `${entry.version} is ${entry.aether?.state ?? 'not an adapter'}`).join(', ')
  throw new InstallVersionUnresolved([spec, `no certified version satisfies it (${states})`])
}
