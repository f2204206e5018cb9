import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runConformance } from '@aether/conformance'
import { isAetherError } from '@aether/plugin-api'
import type { BlobStore } from '../storage/blob-store.js'
import type { PackageStore } from '../npm/package-store.js'
import { readAdapterFacts } from '../npm/read-adapter-manifest.js'
import type { Certificate } from '../signing/certification.js'
import { signCertificate } from '../signing/certification.js'
import type { KeyStore } from '../signing/key-store.js'
import type { ClaimedSubmission, Decision } from './submission-store.js'

/** What judging needs: the tarballs, the versions, the keys. */
export interface CertifyDependencies {
  blobs: BlobStore
  packages: PackageStore
  keys: KeyStore
}

/**
 * Judges one submission: runs the conformance harness (its public API, in the sandbox host) on
 * the published tarball itself, and signs a certificate when the verdict is pass.
 */
export async function certify(submission: ClaimedSubmission, deps: CertifyDependencies): Promise<Decision> {
  const id = `${submission.package}@${submission.version}`
  const sha512 = await deps.packages.tarballOf(submission.package, submission.version)
  const tarball = sha512 === undefined ? undefined : await deps.blobs.get(sha512)
  if (sha512 === undefined || tarball === undefined) {
    return { state: 'rejected', report: null, reportSha512: null, problem: `the tarball of ${id} is missing or damaged in the blob store` }
  }
  const facts = await readAdapterFacts(tarball).catch(() => undefined)
  // A certificate names the npm version; the adapter the host loads names its own.
  if (facts !== undefined && facts.version !== submission.version) {
    return { state: 'rejected', report: null, reportSha512: null, problem: `aether-adapter.json says version "${facts.version}" but the package is published as ${submission.version}; give both the same version (aether adapter build writes it from package.json)` }
  }
  const folder = await mkdtemp(join(tmpdir(), 'aether-registry-judge-'))
  try {
    const path = join(folder, 'adapter.tgz')
    await writeFile(path, tarball)
    let reportJson: string
    let verdict: string
    try {
      const report = await runConformance(path)
      reportJson = `${JSON.stringify(report, null, 2)}\n`
      verdict = report.verdict
    } catch (error) {
      // The harness could not judge it (a corrupt tarball, an unreadable manifest): a rejection
      // with the harness's own reason, not a retry.
      if (!isAetherError(error) || !error.code.startsWith('AETHER_E_CONFORMANCE_')) throw error
      return { state: 'rejected', report: null, reportSha512: null, problem: `${error.code}: ${error.message}` }
    }
    const reportSha512 = createHash('sha512').update(reportJson).digest('hex')
    if (verdict !== 'pass') {
      return { state: 'rejected', report: reportJson, reportSha512, problem: 'conformance failed: see the report for each failed check' }
    }
    const key = await deps.keys.signingKey()
    const certificate: Certificate = {
      schema: 'aether.certification.v1', package: submission.package, version: submission.version,
      tarballSha512: sha512, reportSha512, kernelRange: facts?.engine ?? '', capabilities: facts?.capabilities ?? [],
      keyId: key.keyId, signedAt: new Date().toISOString(),
    }
    return {
      state: 'certified', report: reportJson, reportSha512,
      certificate: JSON.stringify(certificate), signature: signCertificate(certificate, key.privateKey), keyId: key.keyId,
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
