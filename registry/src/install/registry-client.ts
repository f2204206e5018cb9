import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { InstallRegistryUnreachable, InstallVersionUnresolved } from '../errors.js'
import { PublishedKey } from '../signing/certification.js'

/** A packument's version as the installer reads it: npm's dist, and the registry's `aether` field. */
export const PackumentVersion = Type.Object({
  version: Type.String(),
  dist: Type.Object({ tarball: Type.String(), integrity: Type.String() }),
  aether: Type.Optional(Type.Object({
    state: Type.String(),
    certificate: Type.Optional(Type.Unknown()),
    signature: Type.Optional(Type.String()),
    keyId: Type.Optional(Type.String()),
  })),
})
export type PackumentVersion = Static<typeof PackumentVersion>

/** The parts of a packument the installer reads. */
export const InstallPackument = Type.Object({
  name: Type.String(),
  'dist-tags': Type.Record(Type.String(), Type.String()),
  versions: Type.Record(Type.String(), PackumentVersion),
})
export type InstallPackument = Static<typeof InstallPackument>

const KeyList = Type.Object({ keys: Type.Array(PublishedKey) })

/** The registry as `aether plugin add` and `install` talk to it: packuments, keys, tarballs. */
export class RegistryClient {
  readonly url: string

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '')
  }

  /** The packument of `name`; an unknown package is refused with the registry's reason. */
  async packument(name: string): Promise<InstallPackument> {
    const response = await this.get(`${this.url}/${encodeURIComponent(name)}`)
    if (response.status === 404) throw new InstallVersionUnresolved([name, `the registry at ${this.url} does not have it`])
    const body = await this.json(response)
    if (!Value.Check(InstallPackument, body)) throw new InstallRegistryUnreachable([this.url, `its packument of ${name} is not one (${Value.Errors(InstallPackument, body).First()?.message ?? 'malformed'})`])
    return body
  }

  /** The registry's published signing keys, with their windows and revocations. */
  async keys(): Promise<PublishedKey[]> {
    const body = await this.json(await this.get(`${this.url}/-/aether/keys`))
    if (!Value.Check(KeyList, body)) throw new InstallRegistryUnreachable([this.url, 'its /-/aether/keys is not a key list'])
    return body.keys
  }

  /** A tarball's bytes. */
  async tarball(url: string): Promise<Buffer> {
    const response = await this.get(url)
    if (!response.ok) throw new InstallRegistryUnreachable([this.url, `GET ${url} answered ${response.status}`])
    return Buffer.from(await response.arrayBuffer())
  }

  private async get(url: string): Promise<Response> {
    try {
      return await fetch(url, { headers: { accept: 'application/json' } })
    } catch (error) {
      throw new InstallRegistryUnreachable([this.url, `GET ${url} failed (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message})`], { cause: error })
    }
  }

  private async json(response: Response): Promise<unknown> {
    const text = await response.text()
    if (!response.ok) throw new InstallRegistryUnreachable([this.url, `GET ${response.url} answered ${response.status}: ${text.slice(0, 300)}`])
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      throw new InstallRegistryUnreachable([this.url, `GET ${response.url} did not answer JSON`], { cause: error })
    }
  }
}
