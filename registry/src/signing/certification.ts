import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { canonicalJson } from '@aether/storage-sql'
import { Type, type Static } from '@sinclair/typebox'
import { RegistrySignatureInvalid, RegistrySigningKeyUnknown } from '../errors.js'

/** What the registry signs for a certified version: the tarball, the report, and what was certified. */
export const Certificate = Type.Object({
  schema: Type.Literal('aether.certification.v1'),
  package: Type.String(),
  version: Type.String(),
  /** sha512 (hex) of the npm tarball as published. */
  tarballSha512: Type.String({ pattern: '^[0-9a-f]{128}$' }),
  /** sha512 (hex) of the conformance report's JSON text as served. */
  reportSha512: Type.String({ pattern: '^[0-9a-f]{128}$' }),
  /** The manifest's `engine`: the kernel versions it was certified for. */
  kernelRange: Type.String(),
  /** The capabilities certified, sorted; an install that asks for more is not covered. */
  capabilities: Type.Array(Type.String()),
  keyId: Type.String(),
  signedAt: Type.String({ format: 'date-time' }),
}, { additionalProperties: false })
export type Certificate = Static<typeof Certificate>

/** A registry key as published at /-/aether/keys. */
export const PublishedKey = Type.Object({
  keyId: Type.String(),
  algorithm: Type.Literal('ed25519'),
  publicKeyPem: Type.String(),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type PublishedKey = Static<typeof PublishedKey>

/** The bytes that are signed: the certificate's canonical JSON (sorted keys, no spaces). */
export function certificateBytes(certificate: Certificate): Buffer {
  return Buffer.from(canonicalJson(certificate), 'utf8')
}

/** Signs a certificate with an Ed25519 private key; the signature is base64. */
export function signCertificate(certificate: Certificate, privateKey: KeyObject): string {
  return sign(null, certificateBytes(certificate), privateKey).toString('base64')
}

/**
 * Checks a certification against the registry's published keys: the key is known, it was valid
 * when it signed (inside its window, and not revoked yet — a revoked key invalidates what it
 * signed from its revocation on), and the signature holds. Throws a coded refusal otherwise.
 */
export function verifyCertification(certificate: Certificate, signature: string, keys: PublishedKey[]): void {
  const subject = `${certificate.package}@${certificate.version}`
  const key = keys.find((candidate) => candidate.keyId === certificate.keyId)
  if (key === undefined) throw new RegistrySigningKeyUnknown([certificate.keyId])
  const signedAt = Date.parse(certificate.signedAt)
  if (Number.isNaN(signedAt)) throw new RegistrySignatureInvalid([subject, `its signedAt "${certificate.signedAt}" is not a date`])
  if (signedAt < Date.parse(key.notBefore) || signedAt >= Date.parse(key.notAfter)) {
    throw new RegistrySignatureInvalid([subject, `key ${key.keyId} is valid from ${key.notBefore} to ${key.notAfter}, not at ${certificate.signedAt}`])
  }
  if (key.revokedAt !== null && signedAt >= Date.parse(key.revokedAt)) {
    throw new RegistrySignatureInvalid([subject, `key ${key.keyId} was revoked at ${key.revokedAt}, before it signed at ${certificate.signedAt}`])
  }
  const isValid = verify(null, certificateBytes(certificate), createPublicKey(key.publicKeyPem), Buffer.from(signature, 'base64'))
  if (!isValid) throw new RegistrySignatureInvalid([subject, `the signature does not verify with key ${key.keyId}; the certificate or signature was changed`])
}
