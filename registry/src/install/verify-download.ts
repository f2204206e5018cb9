import { createHash } from 'node:crypto'
import { kernelVersion } from '@aether/core'
import semver from 'semver'
import { InstallEngineIncompatible, InstallIntegrityMismatch, InstallNotCertified } from '../errors.js'
import { verifyCertification, type Certificate, type PublishedKey } from '../signing/certification.js'

/** What a download is checked against: the integrity expected and the signed certificate. */
export interface ExpectedDownload {
  name: string
  version: string
  integrity: string
  certificate: Certificate
  signature: string
}

/** npm's integrity string of some bytes: `sha512-<base64>`. */
export function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`
}

/**
 * Checks a downloaded tarball before anything is unpacked: its sha512 is the integrity expected,
 * the certificate names this package, version and tarball, the signature verifies with one of
 * the registry's published keys valid when it signed (verifyCertification), and the certified
 * kernel range accepts this kernel. Throws a coded refusal otherwise.
 */
export function verifyDownload(expected: ExpectedDownload, tarball: Buffer, keys: PublishedKey[]): void {
  const id = `${expected.name}@${expected.version}`
  const actual = integrityOf(tarball)
  if (actual !== expected.integrity) throw new InstallIntegrityMismatch([id, expected.integrity, actual])
  const { certificate } = expected
  if (certificate.package !== expected.name || certificate.version !== expected.version) {
    throw new InstallNotCertified([id, `its certificate is for ${certificate.package}@${certificate.version}`])
  }
  if (certificate.tarballSha512 !== createHash('sha512').update(tarball).digest('hex')) {
    throw new InstallNotCertified([id, 'its certificate covers another tarball than the one served'])
  }
  verifyCertification(certificate, expected.signature, keys)
  // An empty range would satisfy every kernel; a certificate must name one.
  if (certificate.kernelRange.trim() === '' || !semver.satisfies(kernelVersion, certificate.kernelRange)) throw new InstallEngineIncompatible([id, certificate.kernelRange, kernelVersion])
}
