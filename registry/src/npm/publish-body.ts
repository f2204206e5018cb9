import { createHash } from 'node:crypto'
import { Type, type Static } from '@sinclair/typebox'
import semver from 'semver'
import { RegistryBodyInvalid, RegistryIntegrityMismatch, RegistryTarballTooLarge } from '../errors.js'

/** One version's manifest as npm sends it: its package.json plus `dist`. */
const PublishedVersion = Type.Object({
  name: Type.String(),
  version: Type.String(),
  dist: Type.Optional(Type.Object({
    integrity: Type.Optional(Type.String()),
    shasum: Type.Optional(Type.String()),
    tarball: Type.Optional(Type.String()),
  })),
  deprecated: Type.Optional(Type.String()),
}, { additionalProperties: true })

/** The body of `PUT /:package`: a publish (with `_attachments`) or a metadata update (npm deprecate). */
export const PackageWriteBody = Type.Object({
  _id: Type.Optional(Type.String()),
  name: Type.String({ minLength: 1 }),
  'dist-tags': Type.Optional(Type.Record(Type.String(), Type.String())),
  versions: Type.Record(Type.String(), PublishedVersion),
  _attachments: Type.Optional(Type.Record(Type.String(), Type.Object({
    content_type: Type.Optional(Type.String()),
    data: Type.String(),
    length: Type.Optional(Type.Integer({ minimum: 0 })),
  }))),
}, { additionalProperties: true })
export type PackageWriteBody = Static<typeof PackageWriteBody>

/** A publish, checked: the one version, its tarball, and the tags to point at it. */
export interface Publication {
  name: string
  version: string
  /** The manifest to keep, without `dist` (the registry writes its own). */
  manifest: Record<string, unknown>
  tarball: Buffer
  sha512: string
  shasum: string
  tags: string[]
}

/**
 * Checks a publish body against the package named in the URL and the tarball against the
 * integrity its manifest declares; throws a coded refusal saying what is wrong.
 */
export function readPublication(packageName: string, body: PackageWriteBody, tarballMaxBytes: number): Publication {
  const refuse = (problem: string): never => { throw new RegistryBodyInvalid([packageName, problem]) }
  if (body.name !== packageName) refuse(`the body names "${body.name}" but the URL names "${packageName}"`)
  const versions = Object.entries(body.versions)
  if (versions.length !== 1) refuse(`a publish carries exactly one version, this one has ${versions.length}`)
  const [version, manifest] = versions[0] as [string, Static<typeof PublishedVersion>]
  if (semver.valid(version) !== version) refuse(`"${version}" is not a valid semver version`)
  if (manifest.version !== version || manifest.name !== packageName) refuse(`versions["${version}"] names ${manifest.name}@${manifest.version}`)
  const attachments = Object.entries(body._attachments ?? {})
  if (attachments.length !== 1) refuse(`a publish carries exactly one tarball in _attachments, this one has ${attachments.length}`)
  const [, attachment] = attachments[0] as [string, { data: string; length?: number }]
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(attachment.data)) refuse('the tarball in _attachments is not base64')
  const tarball = Buffer.from(attachment.data, 'base64')
  if (tarball.length === 0) refuse('the tarball in _attachments is empty')
  if (tarball.length > tarballMaxBytes) throw new RegistryTarballTooLarge([packageName, `${tarball.length} bytes`, `${tarballMaxBytes} bytes`])
  if (attachment.length !== undefined && attachment.length !== tarball.length) {
    refuse(`_attachments declares ${attachment.length} bytes but holds ${tarball.length}`)
  }
  const id = `${packageName}@${version}`
  const sha512 = createHash('sha512').update(tarball).digest()
  const shasum = createHash('sha1').update(tarball).digest('hex')
  const integrity = manifest.dist?.integrity
  if (integrity === undefined) refuse(`versions["${version}"].dist.integrity is missing`)
  const declared = (integrity as string).split(/\s+/).find((hash) => hash.startsWith('sha512-'))
  if (declared === undefined) refuse(`versions["${version}"].dist.integrity has no sha512 hash`)
  const actual = `sha512-${sha512.toString('base64')}`
  if (declared !== actual) throw new RegistryIntegrityMismatch([id, 'integrity', declared as string, actual])
  if (manifest.dist?.shasum !== undefined && manifest.dist.shasum !== shasum) throw new RegistryIntegrityMismatch([id, 'shasum', manifest.dist.shasum, shasum])
  const tags = Object.entries(body['dist-tags'] ?? {}).filter(([, tagged]) => tagged === version).map(([tag]) => tag)
  for (const tag of tags) if (!isTagName(tag)) refuse(`"${tag}" is not a usable dist-tag (a tag cannot be a version or range)`)
  const { dist: _dist, ...kept } = manifest
  return { name: packageName, version, manifest: kept, tarball, sha512: sha512.toString('hex'), shasum, tags: tags.length === 0 ? ['latest'] : tags }
}

/** A dist-tag must not read as a version or range, or `npm install name@tag` would mean that instead. */
export function isTagName(tag: string): boolean {
  return /^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(tag) && semver.validRange(tag) === null
}

/**
 * npm's rules for package names, in short: lowercase, URL-safe, optionally @scope/name; and not
 * `docs`, whose URL serves the OpenAPI description.
 */
export function isPackageName(name: string): boolean {
  return name !== 'docs' && name.length <= 214 && /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(name)
}
