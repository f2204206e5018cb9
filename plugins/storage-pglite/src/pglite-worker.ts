import { parentPort, workerData } from 'node:worker_threads'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { SqlRecordStore } from '@aether/storage-sql'
import { pgliteExecutor } from './pglite-executor.js'
import { toThreadError, type ThreadOptions, type ThreadReady, type ThreadReply, type ThreadRequest } from './thread-protocol.js'

// The worker thread that owns a PGlite database: PostgreSQL's work (WebAssembly, synchronous)
// runs here, beside the pipeline's JavaScript instead of in turn with it.

interface OpenTransaction {
  tx: Transaction
  end(commit: boolean): void
  settled: Promise<unknown>
}

/** Thrown inside a transaction's callback so that PGlite rolls it back. */
class RollbackRequested extends Error {}

const port = parentPort
if (port === null) throw new Error('pglite-worker.js runs as a worker thread only')
const { location } = workerData as ThreadOptions
const transactions = new Map<number, OpenTransaction>()

function send(message: ThreadReply | ThreadReady): void {
  try {
    port?.postMessage(message)
  } catch (error) {
    // A result that cannot be copied back (should PGlite ever return one) fails its request only.
    if ('id' in message) port?.postMessage({ id: message.id, ok: false, error: toThreadError(error) } satisfies ThreadReply)
  }
}

function target(transaction: number | undefined): PGlite | Transaction {
  if (transaction === undefined) return db
  const open = transactions.get(transaction)
  if (open === undefined) throw new Error(`transaction ${transaction} is not open`)
  return open.tx
}

/** Starts a transaction and replies with its handle once BEGIN has run. */
function begin(id: number): void {
  let began = false
  let end: (commit: boolean) => void = () => {}
  const ended = new Promise<boolean>((resolve) => { end = resolve })
  const settled = db.transaction(async (tx) => {
    began = true
    transactions.set(id, { tx, end, settled })
    send({ id, ok: true, value: id })
    if (!(await ended)) throw new RollbackRequested()
  }).catch((error: unknown) => {
    if (!(error instanceof RollbackRequested)) throw error
  }).finally(() => transactions.delete(id))
  // A failed BEGIN never reaches the callback: its error is the reply.
  settled.catch((error: unknown) => { if (!began) send({ id, ok: false, error: toThreadError(error) }) })
}

async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const result = await target(request.transaction).query(request.sql, request.params)
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 }
    }
    case 'writePrepared':
      return store.writePrepared(request.batch)
    case 'exec':
      await target(request.transaction).exec(request.sql)
      return undefined
    case 'end': {
      const open = transactions.get(request.transaction)
      if (open === undefined) throw new Error(`transaction ${request.transaction} is not open`)
      open.end(request.commit)
      return open.settled.then(() => undefined)
    }
    case 'close':
      await db.close()
      return undefined
    case 'begin':
      throw new Error('begin is handled before dispatch')
  }
}

let db: PGlite
let store: SqlRecordStore
try {
  db = await PGlite.create(location)
  store = new SqlRecordStore(pgliteExecutor(db), location)
  send({ ready: true })
} catch (error) {
  send({ ready: false, error: toThreadError(error) })
  process.exit(1)
}

port.on('message', (request: ThreadRequest) => {
  if (request.op === 'begin') return begin(request.id)
  handle(request).then(
    (value) => send({ id: request.id, ok: true, value }),
    (error: unknown) => send({ id: request.id, ok: false, error: toThreadError(error) }),
  ).finally(() => { if (request.op === 'close') port.close() })
})
