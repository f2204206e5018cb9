import type { WriteOutcome } from '@aether/plugin-api'
import { SqlRecordStore, type PreparedBatch } from '@aether/storage-sql'
import type { PgliteThread } from './pglite-thread.js'

/**
 * The SQL record store over a PGlite thread. A write is several statements in one transaction;
 * sent one by one, each would wait for the pipeline's thread to take the previous answer while
 * the database idles with the transaction open. So this thread prepares the batch (checks, JSON,
 * audit hashes) and the database's thread runs the same store's write of it in one message.
 */
export class PgliteRecordStore extends SqlRecordStore {
  constructor(private readonly thread: PgliteThread, description: string) {
    super(thread.executor, description)
  }

  override writePrepared(batch: PreparedBatch): Promise<WriteOutcome> {
    return this.thread.writePrepared(batch)
  }
}
