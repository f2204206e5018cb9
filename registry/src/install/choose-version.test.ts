import { describe, expect, it } from 'vitest'
import type { Certificate } from '../signing/certification.js'
import { chooseVersion } from './choose-version.js'
import type { InstallPackument, PackumentVersion } from './registry-client.js'

const certificate = (version: string): Certificate => ({
  schema: 'aether.certification.v1', package: '@acme/x', version, tarballSha512: 'a'.repeat(128), reportSha512: 'b'.repeat(128),
  kernelRange: '^0.1.0', capabilities: [], keyId: 'key-a', signedAt: '2026-06-01T12:00:00.000Z',
})
const entry = (version: string, state?: string): PackumentVersion => ({
  version, dist: { tarball: `http://registry/@acme/x/-/x-${version}.tgz`, integrity: 'sha512-AAAA' },
  ...(state === undefined ? {} : { aether: { state, ...(state === 'certified' || state === 'deprecated' ? { certificate: certificate(version), signature: 'c2ln', keyId: 'key-a' } : {}) } }),
})
const packument = (...versions: PackumentVersion[]): InstallPackument => ({
  name: '@acme/x', 'dist-tags': { latest: versions.at(-1)?.version ?? '0.0.0', stable: '1.0.0' }, versions: Object.fromEntries(versions.map((v) => [v.version, v])),
})

describe('chooseVersion', () => {
  it('picks the highest certified version the range accepts, skipping versions not certified', () => {
    expect(chooseVersion(packument(entry('1.0.0', 'certified'), entry('1.1.0', 'certified'), entry('1.2.0', 'testing'), entry('2.0.0', 'certified')), '^1.0.0').version).toBe('1.1.0')
  })

  it('prefers a version not deprecated, and takes a deprecated one only when nothing else fits', () => {
    const versions = packument(entry('1.0.0', 'certified'), entry('1.1.0', 'deprecated'))
    expect(chooseVersion(versions, '^1.0.0').version).toBe('1.0.0')
    expect(chooseVersion(versions, '1.1.0')).toMatchObject({ version: '1.1.0', isDeprecated: true })
  })

  it('resolves a dist-tag to its version', () => {
    expect(chooseVersion(packument(entry('1.0.0', 'certified'), entry('1.1.0', 'certified')), 'stable').version).toBe('1.0.0')
  })

  it('refuses a range only uncertified versions satisfy, naming each one\'s state', () => {
    expect(() => chooseVersion(packument(entry('1.0.0', 'rejected'), entry('1.1.0', 'yanked'), entry('1.2.0')), '^1.0.0'))
      .toThrow('no certified version satisfies it (1.0.0 is rejected, 1.1.0 is yanked, 1.2.0 is not an adapter)')
  })

  it('refuses a range no published version satisfies, listing what is published', () => {
    expect(() => chooseVersion(packument(entry('1.0.0', 'certified')), '^2.0.0')).toThrow('no published version satisfies it (published: 1.0.0)')
  })

  it('refuses what is neither a range nor a dist-tag', () => {
    expect(() => chooseVersion(packument(entry('1.0.0', 'certified')), 'not a range!')).toThrow('is neither a semver range nor a dist-tag')
  })
})
