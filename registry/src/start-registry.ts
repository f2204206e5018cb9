import type { Logger } from '@aether/plugin-api'
import { registryServer } from './http/registry-server.js'
import { Registry, type RegistryOptions } from './registry.js'
import type { WorkerOptions } from './submissions/submission-worker.js'
import type { ReadAccess } from './http/read-access.js'

/** A running registry service. */
export interface RunningRegistry {
  url: string
  registry: Registry
  /** Stops accepting requests, lets the in-process worker finish its submission, closes storage. */
  stop(): Promise<void>
}

/** How to run the service. */
export interface StartOptions extends RegistryOptions {
  host?: string
  /** 0 picks a free port. */
  port?: number
  publicUrl?: string
  /** `token`: reading packages needs a read token; `public` (the default): anyone reads. */
  readAccess?: ReadAccess
  /** Run a worker in this process (the embedded default); off when workers run apart. */
  hasWorker?: boolean
  worker?: Partial<WorkerOptions>
  logger: Logger
}

/**
 * Starts the registry: opens its storage, listens, and (by default) judges submissions in a
 * worker of its own.
 *
 * @example
 * const running = await startRegistry({ dataDir: '.aether-registry', port: 4873, logger })
 * console.log(running.url)
 */
export async function startRegistry(options: StartOptions): Promise<RunningRegistry> {
  const registry = await Registry.open(options)
  try {
    const app = await registryServer(registry, options.logger, {
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
      ...(options.readAccess === undefined ? {} : { readAccess: options.readAccess }),
    })
    const worker = options.hasWorker === false ? undefined : registry.worker(options.logger, options.worker)
    if (worker !== undefined) registry.onSubmitted = () => worker.poke()
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 4873 })
    worker?.start()
    const address = app.server.address()
    const port = typeof address === 'object' && address !== null ? address.port : options.port
    let stopping: Promise<void> | undefined
    return {
      url: options.publicUrl ?? `http://${options.host ?? '127.0.0.1'}:${port}`,
      registry,
      stop: () => (stopping ??= (async () => {
        await app.close()
        await worker?.stop()
        await registry.close()
      })()),
    }
  } catch (error) {
    await registry.close()
    throw error
  }
}
