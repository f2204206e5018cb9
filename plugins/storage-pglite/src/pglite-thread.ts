import { Worker } from 'node:worker_threads'
import type { WriteOutcome } from '@aether/plugin-api'
import type { PreparedBatch, SqlExecutor, SqlResult } from '@aether/storage-sql'
import { lockDirectory, type DirectoryLock } from './directory-lock.js'
import { PgliteLocked, PgliteOpenFailed, PgliteThreadStopped } from './errors.js'
import { fromThreadError, toThreadError, type ThreadOptions, type ThreadReady, type ThreadReply, type ThreadRequest } from './thread-protocol.js'

// The worker runs as built JavaScript: from src/ (tests) and from dist/ alike this is
// dist/pglite-worker.js, which `npm test` and `npm start` build first.
const workerUrl = new URL('../dist/pglite-worker.js', import.meta.url)

/** Each kind of request, before it is numbered. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never
type Request = Unnumbered<ThreadRequest>

/**
 * A PGlite database in its own worker thread. PGlite executes SQL synchronously in WebAssembly,
 * so on the main thread every statement stalls the pipeline's stages; in a worker the stages
 * keep working while storage writes, and the event loop stays free for metrics and progress.
 */
export class PgliteThread {
  readonly executor: SqlExecutor
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>()
  #nextId = 1
  #stopped: Error | undefined
  #closing: Promise<void> | undefined

  private constructor(worker: Worker, private readonly location: string, private readonly lock: DirectoryLock | undefined) {
    this.#worker = worker
    this.executor = this.#executorIn(undefined)
    worker.on('message', (reply: ThreadReply) => this.#settle(reply))
    worker.on('error', (error) => this.#stop(new PgliteThreadStopped([location, error.message], { cause: error })))
    worker.on('exit', (code) => this.#stop(new PgliteThreadStopped([location, `its thread exited with code ${code}`])))
    worker.unref()
  }

  /**
   * Starts the worker and opens (creating if needed) the database at `location`, which this
   * process then holds alone until `close` (see directory-lock.ts); `memory://` takes no lock.
   */
  static async open(location: string): Promise<PgliteThread> {
    // Two processes on one directory each believe they stored their rows and corrupt it.
    const lock = location.startsWith('memory://') ? undefined : await lockDirectory(location).catch((error: unknown) => {
      // A held directory says so itself; a lock file that cannot be written is an open failure.
      throw PgliteLocked.is(error) ? error : new PgliteOpenFailed([location], { cause: error })
    })
    // No inherited Node options: the worker loads built packages whatever export conditions or
    // loaders this process uses, and some options (--input-type, ...) are refused in workers.
    const worker = new Worker(workerUrl, { workerData: { location } satisfies ThreadOptions, execArgv: [] })
    const ready = await new Promise<ThreadReady>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
      worker.once('exit', (code) => reject(new Error(`the worker exited with code ${code} before the database opened`)))
    }).catch((error: unknown) => ({ ready: false as const, error: toThreadError(error) }))
    if (!ready.ready) {
      await worker.terminate()
      await lock?.release()
      throw new PgliteOpenFailed([location], { cause: fromThreadError(ready.error) })
    }
    return new PgliteThread(worker, location, lock)
  }

  /** Closes the database (after the statements already sent), ends the thread and gives up the directory. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        if (this.#stopped !== undefined) return
        await this.#request({ op: 'close' })
        this.#stopped = new PgliteThreadStopped([this.location, 'it was closed'])
        await this.#worker.terminate()
      } finally {
        await this.lock?.release()
      }
    })()
    return this.#closing
  }

  /** The record store's write of a prepared batch, run in the thread as one message. */
  writePrepared(batch: PreparedBatch): Promise<WriteOutcome> {
    return this.#request({ op: 'writePrepared', batch }) as Promise<WriteOutcome>
  }

  #executorIn(transaction: number | undefined): SqlExecutor {
    return {
      query: async <Row>(sql: string, params?: unknown[]) =>
        await this.#request({ op: 'query', sql, params, transaction }) as SqlResult<Row>,
      exec: async (sql: string) => { await this.#request({ op: 'exec', sql, transaction }) },
      // PGlite has no nested transactions: inside one, the work simply joins it.
      transaction: async <T>(work: (executor: SqlExecutor) => Promise<T>) =>
        transaction === undefined ? this.#inTransaction(work) : work(this.#executorIn(transaction)),
    }
  }

  async #inTransaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const transaction = await this.#request({ op: 'begin' }) as number
    let result: T
    try {
      result = await work(this.#executorIn(transaction))
    } catch (error) {
      await this.#request({ op: 'end', transaction, commit: false }).catch(() => {})
      throw error
    }
    await this.#request({ op: 'end', transaction, commit: true })
    return result
  }

  #request(request: Request): Promise<unknown> {
    if (this.#stopped !== undefined) return Promise.reject(this.#stopped)
    const id = this.#nextId++
    // The thread keeps the process alive only while a statement is in flight, as an
    // in-thread database would.
    if (this.#pending.size === 0) this.#worker.ref()
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      try {
        this.#worker.postMessage({ ...request, id })
      } catch (error) {
        // Parameters that cannot be copied to the thread (a function, ...): nothing was sent.
        this.#settle({ id, ok: false, error: toThreadError(error) })
      }
    })
  }

  #settle(reply: ThreadReply): void {
    const pending = this.#pending.get(reply.id)
    if (pending === undefined) return
    this.#pending.delete(reply.id)
    if (this.#pending.size === 0) this.#worker.unref()
    if (reply.ok) pending.resolve(reply.value)
    else pending.reject(fromThreadError(reply.error))
  }

  #stop(error: Error): void {
    this.#stopped ??= error
    for (const pending of this.#pending.values()) pending.reject(this.#stopped)
    this.#pending.clear()
  }
}

