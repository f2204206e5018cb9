import { join } from 'node:path'
import type { Logger } from '@aether/plugin-api'
import { TarballEntryProblem } from './abuse/inspect-tarball.js'
import { requireOwner } from './abuse/name-ownership.js'
import { takePublishAttempt } from './abuse/publish-rate-limit.js'
import { defaultRegistryLimits, type RegistryLimits } from './abuse/registry-limits.js'
import { RegistryBodyInvalid, RegistryTarballRefused } from './errors.js'
import { PackageStore } from './npm/package-store.js'
import { packument } from './npm/packument.js'
import { readPublication, type PackageWriteBody } from './npm/publish-body.js'
import { readAdapterFacts } from './npm/read-adapter-manifest.js'
import { KeyStore, type KeyPolicy } from './signing/key-store.js'
import { BlobStore } from './storage/blob-store.js'
import { openRegistryStorage, type RegistryStorage, type StorageLocation } from './storage/open-registry-storage.js'
import { SubmissionStore } from './submissions/submission-store.js'
import { SubmissionWorker, defaultWorkerOptions, type WorkerOptions } from './submissions/submission-worker.js'
import { TokenStore, type TokenIdentity } from './tokens/token-store.js'
import { UsageStore } from './usage/usage-store.js'
import { defaultRevenueShare, type RevenueShare } from './usage/revenue-share.js'

/** Where a registry keeps its state. */
export interface RegistryOptions {
  /** The data folder: tarballs in `blobs/`, and (without `databaseUrl`) the PGlite database in `db/`. */
  dataDir: string
  /** A PostgreSQL URL; the embedded PGlite database is used without one. */
  databaseUrl?: string
  keyPolicy?: KeyPolicy
  /** Tarball size and publish rate limits; defaultRegistryLimits for what is left out. */
  limits?: Partial<RegistryLimits>
  /** The publisher's share and the price per 1,000 records of the statements; defaultRevenueShare for what is left out. */
  revenueShare?: Partial<RevenueShare>
}

/** The registry's state and operations, shared by the HTTP service, the worker and the CLI. */
export class Registry {
  readonly packages: PackageStore
  readonly submissions: SubmissionStore
  readonly tokens: TokenStore
  readonly keys: KeyStore
  readonly blobs: BlobStore
  readonly usage: UsageStore
  readonly limits: RegistryLimits
  readonly revenueShare: RevenueShare
  /** Called after an adapter is published (the in-process worker looks for work at once). */
  onSubmitted: () => void = () => {}

  private constructor(readonly storage: RegistryStorage, dataDir: string, options: RegistryOptions) {
    this.packages = new PackageStore(storage.executor)
    this.submissions = new SubmissionStore(storage.executor)
    this.tokens = new TokenStore(storage.executor)
    this.keys = new KeyStore(storage.executor, options.keyPolicy)
    this.blobs = new BlobStore(join(dataDir, 'blobs'))
    this.usage = new UsageStore(storage.executor)
    this.limits = { ...defaultRegistryLimits, ...options.limits }
    this.revenueShare = { ...defaultRevenueShare, ...options.revenueShare }
  }

  /** Opens (creating and migrating as needed) the registry's database and blob folder. */
  static async open(options: RegistryOptions): Promise<Registry> {
    const location: StorageLocation = options.databaseUrl === undefined ? { pgliteDir: join(options.dataDir, 'db') } : { connectionString: options.databaseUrl }
    return new Registry(await openRegistryStorage(location), options.dataDir, options)
  }

  /** A worker judging this registry's submissions. */
  worker(logger: Logger, options: Partial<WorkerOptions> = {}): SubmissionWorker {
    return new SubmissionWorker(this.submissions, { blobs: this.blobs, packages: this.packages, keys: this.keys }, logger, { ...defaultWorkerOptions, ...options })
  }

  /**
   * `PUT /:package`: a publish (a body with a tarball) or npm deprecate's update (the packument
   * sent back with `deprecated` set). Returns what happened, for the response. With `sender`
   * (the HTTP service always passes it) the abuse rules apply: the publish rate limit, the
   * tarball's entries, the name rules, and only the owner deprecates.
   */
  async write(packageName: string, body: PackageWriteBody, sender?: TokenIdentity): Promise<{ published?: string; isAdapter?: boolean; deprecated?: string[] }> {
    if (body._attachments !== undefined && Object.keys(body._attachments).length > 0) {
      if (sender !== undefined) await takePublishAttempt(this.storage.executor, sender, this.limits.publishRate)
      const publication = readPublication(packageName, body, this.limits.maxTarballBytes)
      const adapter = await readAdapterFacts(publication.tarball).catch((error: unknown) => {
        if (error instanceof TarballEntryProblem) throw new RegistryTarballRefused([packageName, error.entry, error.message], { cause: error })
        throw new RegistryBodyInvalid([packageName, `the tarball was refused: ${(error as Error).message}; publish what npm pack makes from a built adapter (aether adapter build)`], { cause: error })
      })
      await this.blobs.put(publication.tarball)
      await this.packages.publish(publication, adapter, sender)
      if (adapter !== undefined) this.onSubmitted()
      return { published: `${packageName}@${publication.version}`, isAdapter: adapter !== undefined }
    }
    if (body.name !== packageName) throw new RegistryBodyInvalid([packageName, `the body names "${body.name}" but the URL names "${packageName}"`])
    if (sender !== undefined) await requireOwner(this.storage.executor, packageName, sender)
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
