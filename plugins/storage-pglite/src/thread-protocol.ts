import type { PreparedBatch } from '@aether/storage-sql'

/**
 * Messages between the PGlite thread (see pglite-thread.ts) and the worker that owns the
 * database (pglite-worker.ts). Every request gets exactly one reply with its id.
 */
export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[] | undefined; transaction: number | undefined }
  | { id: number; op: 'exec'; sql: string; transaction: number | undefined }
  /** Opens a transaction; the reply's value is its handle for later requests. */
  | { id: number; op: 'begin' }
  /** Commits (or rolls back) a transaction; replies once it is settled. */
  | { id: number; op: 'end'; transaction: number; commit: boolean }
  /** The record store's write of a prepared batch, done beside the database in one message. */
  | { id: number; op: 'writePrepared'; batch: PreparedBatch }
  | { id: number; op: 'close' }

export type ThreadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ThreadError }

/** An error as it crosses threads: its message and PostgreSQL's fields (code, detail, ...). */
export interface ThreadError {
  name: string
  message: string
  fields: Record<string, unknown>
}

/** What the worker is started with. */
export interface ThreadOptions {
  /** A directory, or `memory://`. */
  location: string
}

/** The worker's first message: the database is open, or why it is not. */
export type ThreadReady = { ready: true } | { ready: false; error: ThreadError }

export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} }
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue
    fields[key] = value
  }
  return { name: error.name, message: error.message, fields }
}

export function fromThreadError(error: ThreadError): Error {
  return Object.assign(new Error(error.message), error.fields, { name: error.name })
}
