import { createHash, type KeyObject } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackageStore } from '../src/npm/package-store.js'
import type { Publication } from '../src/npm/publish-body.js'
import { signCertificate, verifyCertification, type Certificate } from '../src/signing/certification.js'
import { KeyStore } from '../src/signing/key-store.js'
import type { RegistryStorage } from '../src/storage/open-registry-storage.js'
import { SubmissionStore } from '../src/submissions/submission-store.js'
import { TokenStore } from '../src/tokens/token-store.js'
import { retryAfterOf, takePublishAttempt } from '../src/abuse/publish-rate-limit.js'
import { statement } from '../src/usage/statement.js'
import { UsageStore } from '../src/usage/usage-store.js'
import { meteredUsage, novemberCalls } from './usage-rows.js'

const adapter = { kind: 'enricher', engine: '^0.1.0', capabilities: [] }
let published = 0

/** A publication of a new package name (each test its own), with a stand-in tarball. */
function publication(version = '1.0.0', name = `@suite/package-${++published}-${Date.now()}`): Publication {
  const tarball = Buffer.from(`${name}@${version}`)
  return {
    name, version, manifest: { name, version }, tarball,
    sha512: createHash('sha512').update(tarball).digest('hex'), shasum: createHash('sha1').update(tarball).digest('hex'), tags: ['latest'],
  }
}

/** The registry's stores, specified once and run on each backend (PGlite, PostgreSQL). */
export function registryStorageSuite(backend: string, open: () => Promise<RegistryStorage>): void {
  describe(`the registry's storage on ${backend}`, () => {
    let storage: RegistryStorage
    let packages: PackageStore
    let submissions: SubmissionStore
    beforeAll(async () => {
      storage = await open()
      packages = new PackageStore(storage.executor)
      submissions = new SubmissionStore(storage.executor)
    })
    afterAll(async () => { await storage?.close() })

    /** Publishes an adapter and claims it, so no test depends on another's submission. */
    async function claimedAdapter(owner: string, leaseMs: number) {
      const release = publication()
      await packages.publish(release, adapter)
      for (;;) {
        const claimed = await submissions.claim(owner, leaseMs)
        if (claimed === undefined) throw new Error('nothing to claim')
        if (claimed.package === release.name) return claimed
        // A submission of another test's: decide it so it leaves the queue.
        await submissions.decide(claimed.id, owner, { state: 'rejected', report: null, reportSha512: null, problem: 'cleared by the suite' })
      }
    }

    it('stores a publication and returns it with its dist-tags', async () => {
      const release = publication()
      await packages.publish(release, undefined)
      const stored = await packages.get(release.name)
      expect(stored.versions.map((version) => [version.version, version.sha512])).toEqual([['1.0.0', release.sha512]])
      expect(stored.distTags).toEqual({ latest: '1.0.0' })
    })

    it('refuses to publish a version twice', async () => {
      const release = publication()
      await packages.publish(release, undefined)
      await expect(packages.publish(release, undefined)).rejects.toThrow(/already published/)
    })

    it('moves and removes dist-tags, but keeps latest', async () => {
      const first = publication('1.0.0')
      await packages.publish(first, undefined)
      await packages.publish({ ...publication('2.0.0-rc.1', first.name), tags: ['next'] }, undefined)
      await packages.setDistTag(first.name, 'beta', '2.0.0-rc.1')
      await packages.removeDistTag(first.name, 'next')
      expect(await packages.distTags(first.name)).toEqual({ beta: '2.0.0-rc.1', latest: '1.0.0' })
      await expect(packages.removeDistTag(first.name, 'latest')).rejects.toThrow(/cannot be removed/)
      await expect(packages.setDistTag(first.name, 'beta', '9.9.9')).rejects.toThrow(/is not in this registry/)
    })

    it('applies deprecations and refuses an update that would unpublish', async () => {
      const release = publication()
      await packages.publish(release, undefined)
      expect(await packages.updateDeprecations(release.name, new Map([['1.0.0', 'gone']]))).toEqual(['1.0.0'])
      expect((await packages.get(release.name)).versions[0]?.deprecated).toBe('gone')
      await expect(packages.updateDeprecations(release.name, new Map())).rejects.toThrow(/never unpublishes/)
    })

    it('gives a submission to one worker at a time while its lease holds', async () => {
      const claimed = await claimedAdapter('worker-a', 60_000)
      expect(claimed.attempts).toBe(1)
      const other = await submissions.claim('worker-b', 60_000)
      expect(other?.id).not.toBe(claimed.id)
    })

    it('hands an expired lease to the next worker, and ignores the decision of the worker that lost it', async () => {
      const first = await claimedAdapter('worker-lost', 1)
      let again
      while (again?.id !== first.id) again = await submissions.claim('worker-next', 60_000)
      expect(again.attempts).toBe(2)
      const late = await submissions.decide(first.id, 'worker-lost', { state: 'rejected', report: null, reportSha512: null, problem: 'late' })
      expect(late).toBe(false)
      const decision = { state: 'certified', report: '{}', reportSha512: 'r', certificate: '{}', signature: 's', keyId: 'k' } as const
      expect(await submissions.decide(first.id, 'worker-next', decision)).toBe(true)
      expect(await submissions.decide(first.id, 'worker-next', decision)).toBe(false)
      expect((await submissions.get(first.id)).state).toBe('certified')
    })

    it('keeps tokens only as hashes, and refuses a revoked one', async () => {
      const tokens = new TokenStore(storage.executor)
      const token = await tokens.create('suite')
      expect(await tokens.authenticate(`Bearer ${token}`)).toBe('suite')
      const { rows } = await storage.executor.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_tokens WHERE token_sha256 = $1', [token])
      expect(rows[0]?.n).toBe(0)
      expect(await tokens.revoke(token)).toBe(true)
      await expect(tokens.authenticate(`Bearer ${token}`)).rejects.toThrow(/not known to this registry or was revoked/)
    })

    it('rotates the signing key with an overlap window, and revokes', async () => {
      const keys = new KeyStore(storage.executor, { validityMs: 365 * 86_400_000, overlapMs: 3_600_000 })
      // Far from other tests' "now", so only this test's keys are valid then.
      const start = new Date(Date.now() + 1000 * 86_400_000)
      const first = await keys.signingKey(start)
      expect((await keys.signingKey(start)).keyId).toBe(first.keyId)
      const rotatedAt = new Date(start.getTime() + 86_400_000)
      const second = await keys.rotate(rotatedAt)
      expect((await keys.signingKey(new Date(rotatedAt.getTime() + 1000))).keyId).toBe(second)
      const old = (await keys.published()).find((key) => key.keyId === first.keyId)
      expect(old?.notAfter).toBe(new Date(rotatedAt.getTime() + 3_600_000).toISOString())
      await keys.revoke(second, rotatedAt)
      expect((await keys.published()).find((key) => key.keyId === second)?.revokedAt).toBe(rotatedAt.toISOString())
      await expect(keys.revoke('no-such-key')).rejects.toThrow(/is not one of this registry's keys/)
    })

    it('verifies certificates of the old key through the overlap, and refuses what it signs after its revocation', async () => {
      const keys = new KeyStore(storage.executor, { validityMs: 365 * 86_400_000, overlapMs: 3_600_000 })
      const start = Date.now() + 2000 * 86_400_000
      const at = (offsetMs: number) => new Date(start + offsetMs)
      const signedBy = async (key: { keyId: string; privateKey: KeyObject }, when: Date) => {
        const certificate: Certificate = {
          schema: 'aether.certification.v1', package: '@suite/signed', version: '1.0.0', tarballSha512: 'a'.repeat(128), reportSha512: 'b'.repeat(128),
          kernelRange: '^0.1.0', capabilities: [], keyId: key.keyId, signedAt: when.toISOString(),
        }
        return { certificate, signature: signCertificate(certificate, key.privateKey) }
      }
      const old = await keys.signingKey(at(0))
      const beforeRotation = await signedBy(old, at(60_000))
      await keys.rotate(at(86_400_000))
      const inOverlap = await signedBy(old, at(86_400_000 + 60_000))
      const fresh = await signedBy(await keys.signingKey(at(86_400_000 + 60_000)), at(86_400_000 + 60_000))
      await keys.revoke(old.keyId, at(86_400_000 + 120_000))
      const afterRevocation = await signedBy(old, at(86_400_000 + 180_000))
      const published = await keys.published()
      for (const valid of [beforeRotation, inOverlap, fresh]) expect(() => verifyCertification(valid.certificate, valid.signature, published)).not.toThrow()
      expect(fresh.certificate.keyId).not.toBe(old.keyId)
      expect(() => verifyCertification(afterRevocation.certificate, afterRevocation.signature, published)).toThrow(/was revoked at/)
    })

    it('counts publish attempts per token in a sliding window, and says when the next one is allowed', async () => {
      const tokens = new TokenStore(storage.executor)
      const sender = await tokens.identify(`Bearer ${await tokens.create('hasty')}`)
      const other = await tokens.identify(`Bearer ${await tokens.create('hasty')}`)
      const limit = { maxPublishes: 2, windowMs: 1_500 }
      await takePublishAttempt(storage.executor, sender, limit)
      await takePublishAttempt(storage.executor, sender, limit)
      const refused = await takePublishAttempt(storage.executor, sender, limit).then(() => undefined, (error: unknown) => error)
      expect(retryAfterOf(refused)).toBeGreaterThanOrEqual(1)
      expect(retryAfterOf(refused)).toBeLessThanOrEqual(2)
      await takePublishAttempt(storage.executor, other, limit)
      await new Promise((resolve) => setTimeout(resolve, 1_600))
      await expect(takePublishAttempt(storage.executor, sender, limit)).resolves.toBeUndefined()
    })

    it('claims names for their first publisher, stores usage once per id, and prices a month of it', async () => {
      const scope = `suite${Date.now()}`
      const alice = { label: `alice-${scope}`, scope: 'publish' as const, tokenSha256: 'a' }
      const geo = (version: string) => ({ ...publication(version, `@${scope}/geo`) })
      const adapterName = `geo-${scope}`
      await packages.publish(geo('1.0.0'), { ...adapter, name: adapterName, version: '1.0.0' }, alice)
      await packages.publish(geo('1.1.0'), { ...adapter, name: adapterName, version: '1.1.0' }, alice)
      await expect(packages.publish(publication('1.0.0', `@${scope}/other`), undefined, { ...alice, label: 'bob' })).rejects.toThrow(/belongs to the publisher/)
      const usage = new UsageStore(storage.executor)
      const rows = (await meteredUsage(novemberCalls, `run-${scope}`)).map((row) => ({ ...row, adapter: row.adapter === 'geo' ? adapterName : row.adapter }))
      expect(await usage.import(rows, 'suite')).toMatchObject({ received: 10, inserted: 10, duplicates: 0 })
      expect(await usage.import(rows, 'suite')).toMatchObject({ inserted: 0, duplicates: 10 })
      const november = await statement(storage.executor, { month: '2026-11', publisher: alice.label }, { publisherShare: '0.70', pricePer1000Records: '0.50', currency: 'EUR' })
      expect(november.lines.map((l) => [l.version, l.tenant, l.recordsOut, l.gross, l.publisherShare])).toEqual([
        ['1.0.0', 'acme', 12_345, '6.17', '4.32'], ['1.0.0', 'globex', 10, '0.01', '0.00'], ['1.1.0', 'acme', 1_001, '0.50', '0.35'],
      ])
      expect(november.totals).toMatchObject({ calls: 5, cpuMs: 19.25, gross: '6.68', publisherShare: '4.67', operatorShare: '2.01' })
    })
  })
}
