import { join } from 'node:path'
import type { Logger } from '@aether/plugin-api'
import { RegistryBodyInvalid } from './errors.js'
import { PackageStore } from './npm/package-store.js'
import { packument } from './npm/packument.js'
import { readPublication, type PackageWriteBody } from './npm/publish-body.js'
import { readAdapterFacts } from './npm/read-adapter-manifest.js'
import { KeyStore, type KeyPolicy } from './signing/key-store.js'
import { BlobStore } from './storage/blob-store.js'
import { openRegistryStorage, type RegistryStorage, type StorageLocation } from './storage/open-registry-storage.js'
import { SubmissionStore } from './submissions/submission-store.js'
import { SubmissionWorker, defaultWorkerOptions, type WorkerOptions } from './submissions/submission-worker.js'
import { TokenStore } from './tokens/token-store.js'

/** Where a registry keeps its state. */
export interface RegistryOptions {
  /** The data folder: tarballs in `blobs/`, and (without `databaseUrl`) the PGlite database in `db/`. */
  dataDir: string
  /** A PostgreSQL URL; the embedded PGlite database is used without one. */
  databaseUrl?: string
  keyPolicy?: KeyPolicy
}

/** The registry's state and operations, shared by the HTTP service, the worker and the CLI. */
export class Registry {
  readonly packages: PackageStore
  readonly submissions: SubmissionStore
  readonly tokens: TokenStore
  readonly keys: KeyStore
  readonly blobs: BlobStore
  /** Called after an adapter is published (the in-process worker looks for work at once). */
  onSubmitted: () => void = () => {}

  private constructor(readonly storage: RegistryStorage, dataDir: string, keyPolicy: KeyPolicy | undefined) {
    this.packages = new PackageStore(storage.executor)
    this.submissions = new SubmissionStore(storage.executor)
    this.tokens = new TokenStore(storage.executor)
    this.keys = new KeyStore(storage.executor, keyPolicy)
    this.blobs = new BlobStore(join(dataDir, 'blobs'))
  }

  /** Opens (creating and migrating as needed) the registry's database and blob folder. */
  static async open(options: RegistryOptions): Promise<Registry> {
    const location: StorageLocation = options.databaseUrl === undefined ? { pgliteDir: join(options.dataDir, 'db') } : { connectionString: options.databaseUrl }
    return new Registry(await openRegistryStorage(location), options.dataDir, options.keyPolicy)
  }

  /** A worker judging this registry's submissions. */
  worker(logger: Logger, options: Partial<WorkerOptions> = {}): SubmissionWorker {
    return new SubmissionWorker(this.submissions, { blobs: this.blobs, packages: this.packages, keys: this.keys }, logger, { ...defaultWorkerOptions, ...options })
  }

  /**
   * `PUT /:package`: a publish (a body with a tarball) or npm deprecate's update (the packument
   * sent back with `deprecated` set). Returns what happened, for the response.
   */
  async write(packageName: string, body: PackageWriteBody): Promise<{ published?: string; isAdapter?: boolean; deprecated?: string[] }> {
    if (body._attachments !== undefined && Object.keys(body._attachments).length > 0) {
      const publication = readPublication(packageName, body)
      const adapter = await readAdapterFacts(publication.tarball).catch((error: unknown) => {
        throw new RegistryBodyInvalid([packageName, `the tarball was refused: ${(error as Error).message}; publish what npm pack makes from a built adapter (aether adapter build)`], { cause: error })
      })
      await this.blobs.put(publication.tarball)
      await this.packages.publish(publication, adapter)
      if (adapter !== undefined) this.onSubmitted()
      return { published: `${packageName}@${publication.version}`, isAdapter: adapter !== undefined }
    }
    if (body.name !== packageName) throw new RegistryBodyInvalid([packageName, `the body names "${body.name}" but the URL names "${packageName}"`])
    const deprecations = new Map(Object.entries(body.versions).map(([version, manifest]) => [version, manifest.deprecated]))
    // One transaction: a version and its submission are never left disagreeing.
    const changed = await this.storage.executor.transaction(async (tx) => {
      const versions = await new PackageStore(tx).updateDeprecations(packageName, deprecations)
      for (const version of versions) await new SubmissionStore(tx).markDeprecated(packageName, version, (deprecations.get(version) ?? '') !== '')
      return versions
    })
    return { deprecated: changed }
  }

  /** The packument of a package, with tarball URLs under `baseUrl`. */
  async packument(packageName: string, baseUrl: string): Promise<Record<string, unknown>> {
    const stored = await this.packages.get(packageName)
    return packument(stored, await this.submissions.ofPackage(packageName), baseUrl)
  }

  /** Closes the database (idempotent). */
  close(): Promise<void> {
    return this.storage.close()
  }
}
