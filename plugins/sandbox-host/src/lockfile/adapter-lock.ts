import { Type, type Static } from '@sinclair/typebox'

// aether-lock.json: what `aether plugin add` installed into a project and what the operator
// granted. The sandbox host reads it (it is the lower layer); the registry's install commands
// write it. One file per project, beside the aether_adapters/ folder it describes.

/** The lockfile's name, in the project folder. */
export const lockfileName = 'aether-lock.json'

/** The folder, in the project folder, that `aether plugin add` installs adapters into. */
export const adaptersFolderName = 'aether_adapters'

/** One installed adapter, pinned. */
export const LockedAdapter = Type.Object({
  /** The exact version installed. */
  version: Type.String({ minLength: 1 }),
  /** The range asked for at `aether plugin add`, which `aether plugin outdated` resolves again. */
  range: Type.String({ minLength: 1 }),
  /** The registry it came from (its keys verify the signature). */
  registry: Type.String({ minLength: 1 }),
  /** The tarball's URL. */
  resolved: Type.String({ minLength: 1 }),
  /** `sha512-<base64>` of the tarball, as npm writes integrity. */
  integrity: Type.String({ pattern: '^sha512-[A-Za-z0-9+/]+={0,2}$' }),
  /** The installed folder, relative to the lockfile's folder, with `/` separators. */
  folder: Type.String({ minLength: 1 }),
  /** The registry's signed certificate, its signature (base64) and the key that made it. */
  certificate: Type.Record(Type.String(), Type.Unknown()),
  signature: Type.String({ minLength: 1 }),
  keyId: Type.String({ minLength: 1 }),
  /** The capabilities the registry certified (as the manifest requests them: `fetch:<host>`, `kv`). */
  certifiedCapabilities: Type.Array(Type.String()),
  /** What the operator granted, as sandbox-host grants (`fetch=<host>`, `kv`). */
  grants: Type.Array(Type.String()),
  /** sha512 (hex) of every installed file, by path inside the folder: the host re-checks them. */
  files: Type.Record(Type.String(), Type.String({ pattern: '^[0-9a-f]{128}$' })),
}, { additionalProperties: false })
export type LockedAdapter = Static<typeof LockedAdapter>

/** The lockfile. */
export const AetherLock = Type.Object({
  lockfileVersion: Type.Literal(1),
  /** By package name. */
  adapters: Type.Record(Type.String(), LockedAdapter),
}, { additionalProperties: false })
export type AetherLock = Static<typeof AetherLock>
