import type { Submission } from '../submissions/submission-store.js'
import type { StoredPackage } from './package-store.js'

/**
 * The packument npm reads (`GET /:package`): every version's manifest with the registry's own
 * `dist` (tarball URL, sha512 integrity, sha1 shasum), dist-tags and times. An adapter's version
 * also carries `aether`: its submission state, the signed certificate and the report's URL.
 */
export function packument(stored: StoredPackage, submissions: Map<string, Submission>, baseUrl: string): Record<string, unknown> {
  const versions: Record<string, unknown> = {}
  const time: Record<string, string> = { created: stored.createdAt, modified: stored.modifiedAt }
  for (const version of stored.versions) {
    const submission = submissions.get(version.version)
    versions[version.version] = {
      ...version.manifest,
      name: stored.name,
      version: version.version,
      _id: `${stored.name}@${version.version}`,
      dist: {
        tarball: tarballUrl(baseUrl, stored.name, version.version),
        integrity: `sha512-${Buffer.from(version.sha512, 'hex').toString('base64')}`,
        shasum: version.shasum,
        ...(submission?.signature == null ? {} : { aetherSignature: { keyId: submission.keyId, signature: submission.signature } }),
      },
      ...(version.deprecated === null ? {} : { deprecated: version.deprecated }),
      ...(submission === undefined ? {} : { aether: aetherField(submission, baseUrl) }),
    }
    time[version.version] = version.publishedAt
  }
  return { _id: stored.name, name: stored.name, 'dist-tags': stored.distTags, versions, time }
}

/** Where a version's tarball is served: `<base>/@scope/name/-/name-1.0.0.tgz`, as npmjs lays it out. */
function tarballUrl(baseUrl: string, name: string, version: string): string {
  const basename = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name
  return `${baseUrl}/${name}/-/${basename}-${version}.tgz`
}

function aetherField(submission: Submission, baseUrl: string): Record<string, unknown> {
  return {
    submission: submission.id,
    state: submission.state,
    ...(submission.reportSha512 === null ? {} : { report: `${baseUrl}/-/aether/submissions/${submission.id}/report`, reportSha512: submission.reportSha512 }),
    ...(submission.certificate === null ? {} : { certificate: JSON.parse(submission.certificate) as unknown, signature: submission.signature, keyId: submission.keyId }),
    ...(submission.problem === null ? {} : { problem: submission.problem }),
  }
}
