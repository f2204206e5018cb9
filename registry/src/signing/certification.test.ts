import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { certificateBytes, signCertificate, verifyCertification, type Certificate, type PublishedKey } from './certification.js'

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const key: PublishedKey = {
  keyId: 'key-a', algorithm: 'ed25519', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', revokedAt: null,
}
const certificate: Certificate = {
  schema: 'aether.certification.v1', package: '@acme/enricher', version: '1.0.0',
  tarballSha512: 'a'.repeat(128), reportSha512: 'b'.repeat(128), kernelRange: '^0.1.0', capabilities: ['fetch:api.example.com', 'kv'],
  keyId: 'key-a', signedAt: '2026-06-01T12:00:00.000Z',
}
const signature = signCertificate(certificate, privateKey)

describe('verifyCertification', () => {
  it('accepts a certificate signed by a published key inside its window', () => {
    expect(() => verifyCertification(certificate, signature, [key])).not.toThrow()
  })

  it('signs the canonical JSON, so the order of fields does not matter', () => {
    const reordered = Object.fromEntries(Object.entries(certificate).reverse()) as Certificate
    expect(certificateBytes(reordered).equals(certificateBytes(certificate))).toBe(true)
    expect(() => verifyCertification(reordered, signature, [key])).not.toThrow()
  })

  it('refuses a certificate whose tarball digest was changed', () => {
    expect(() => verifyCertification({ ...certificate, tarballSha512: 'c'.repeat(128) }, signature, [key])).toThrow(/does not verify/)
  })

  it('refuses a certificate that claims more capabilities than were certified', () => {
    expect(() => verifyCertification({ ...certificate, capabilities: [...certificate.capabilities, 'fetch:evil.example'] }, signature, [key]))
      .toThrow(/does not verify/)
  })

  it('refuses a signature by a key the registry does not publish', () => {
    expect(() => verifyCertification({ ...certificate, keyId: 'key-z' }, signature, [key])).toThrow(/"key-z" is not one of this registry's keys/)
  })

  it('refuses a signature made outside the key\'s validity window', () => {
    expect(() => verifyCertification(certificate, signature, [{ ...key, notAfter: '2026-05-01T00:00:00.000Z' }])).toThrow(/is valid from/)
  })

  it('keeps what a key signed before its revocation, and refuses what it signed after', () => {
    expect(() => verifyCertification(certificate, signature, [{ ...key, revokedAt: '2026-07-01T00:00:00.000Z' }])).not.toThrow()
    expect(() => verifyCertification(certificate, signature, [{ ...key, revokedAt: '2026-05-01T00:00:00.000Z' }])).toThrow(/was revoked at 2026-05-01/)
  })

  it('refuses a signature made with another private key under the same key id', () => {
    const other = generateKeyPairSync('ed25519').privateKey
    expect(() => verifyCertification(certificate, signCertificate(certificate, other), [key])).toThrow(/does not verify/)
  })
})
