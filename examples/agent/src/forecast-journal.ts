import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { AetherRecord, Logger } from '@aether/plugin-api'
import { AgentOutboxUnusable } from './errors.js'
import type { OutboxJournal } from './forecast-outbox.js'
import { lockOutbox } from './journal-lock.js'
import { replayJournal, type JournalLine, type OutboxState, type SkippedLine } from './journal-replay.js'

/** How the journal trades durability against disk work. */
export interface JournalOptions {
  /**
   * fsync at most this often. Every line is written to the file at once, so a killed agent loses
   * nothing; a machine that loses power loses at most this much. 0: fsync every line.
   */
  syncIntervalMs: number
  /** Rewrite the journal once it passes this size and is at least twice what is still pending. */
  compactBytes: number
  /** Once nothing is pending, rewrite it (to one line) once it passes this size. */
  emptyCompactBytes: number
}

export const defaultJournalOptions: JournalOptions = { syncIntervalMs: 1_000, compactBytes: 8 * 1024 * 1024, emptyCompactBytes: 64 * 1024 }

/** A journal opened: the outbox state it held and the lines replay skipped. */
export interface OpenedJournal {
  journal: ForecastJournal
  state: OutboxState
  skipped: SkippedLine[]
}

/**
 * The outbox on local disk: an append-only file of JSON lines (`forecasts.jsonl` in its
 * directory) recording each forecast added, each batch taken, each acknowledgement and each drop,
 * replayed at start so what was not acknowledged is sent after a restart. It is rewritten whole
 * (to a temporary file, fsynced, renamed over) at start and when compaction is due.
 */
export class ForecastJournal implements OutboxJournal {
  readonly path: string
  #fd: number
  #bytes = 0
  // Bytes of the add line of each pending forecast, to know when compaction pays.
  readonly #live = new Map<string, number>()
  #liveBytes = 0
  #underWay: string[] = []
  #syncTimer: NodeJS.Timeout | undefined
  #failure: string | undefined
  readonly #unlock: () => void

  private constructor(readonly dir: string, private readonly options: JournalOptions, private readonly logger: Logger, unlock: () => void) {
    this.path = join(dir, 'forecasts.jsonl')
    this.#unlock = unlock
    this.#fd = -1
  }

  /** Locks the directory, replays its journal and rewrites it without what is acknowledged (or torn). */
  static open(dir: string, options: JournalOptions, logger: Logger): OpenedJournal {
    try {
      mkdirSync(dir, { recursive: true })
    } catch (error) {
      throw new AgentOutboxUnusable([dir, (error as Error).message], { cause: error })
    }
    const unlock = lockOutbox(dir)
    const journal = new ForecastJournal(dir, options, logger, unlock)
    try {
      const { state, skipped } = replayJournal(journal.#read())
      for (const { line, reason } of skipped.slice(0, 10)) logger.warn({ journal: journal.path, line, reason }, 'skipped a line of the outbox journal')
      if (skipped.length > 10) logger.warn({ journal: journal.path, skipped: skipped.length }, 'skipped more lines of the outbox journal')
      journal.#rewrite(state)
      return { journal, state, skipped }
    } catch (error) {
      unlock()
      throw error instanceof AgentOutboxUnusable ? error : new AgentOutboxUnusable([journal.path, (error as Error).message], { cause: error })
    }
  }

  /** Why the journal stopped writing (the outbox goes on in memory), if it did. */
  get failure(): string | undefined {
    return this.#failure
  }

  added(forecast: AetherRecord): void {
    const bytes = this.#append({ op: 'add', forecast })
    this.#live.set(forecast.id, bytes)
    this.#liveBytes += bytes
  }

  taken(ids: string[]): void {
    this.#underWay = ids
    this.#append({ op: 'take', ids })
  }

  acknowledged(): void {
    this.#append({ op: 'ack' })
    this.#forget(this.#underWay)
    this.#underWay = []
  }

  dropped(ids: string[]): void {
    this.#append({ op: 'drop', ids })
    this.#forget(ids)
  }

  changed(state: () => OutboxState): void {
    if (this.#failure !== undefined) return
    const isDue = this.#live.size === 0
      ? this.#bytes >= this.options.emptyCompactBytes
      : this.#bytes >= this.options.compactBytes && this.#bytes >= 2 * this.#liveBytes
    if (!isDue) return
    try {
      this.#rewrite(state())
    } catch (error) {
      this.#fail(error)
    }
  }

  /** fsyncs what was written and releases the directory; what is pending stays for the next start. */
  close(): void {
    clearTimeout(this.#syncTimer)
    this.#syncTimer = undefined
    if (this.#fd >= 0) {
      this.#sync()
      closeSync(this.#fd)
      this.#fd = -1
    }
    this.#unlock()
  }

  #read(): string {
    try {
      return readFileSync(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
      throw error
    }
  }

  /** The journal as one file holding only `state`: written aside, fsynced, then renamed over the old one. */
  #rewrite(state: OutboxState): void {
    const lines: JournalLine[] = [{ op: 'state', dropped: state.dropped }, ...state.pending.map((forecast) => ({ op: 'add', forecast }) as const)]
    const underWay = state.pending.slice(0, state.underWay).map((forecast) => forecast.id)
    if (underWay.length > 0) lines.push({ op: 'take', ids: underWay })
    const texts = lines.map((line) => `${JSON.stringify(line)}\n`)
    const aside = `${this.path}.tmp`
    rmSync(aside, { force: true })
    const fd = openSync(aside, 'w')
    try {
      writeAll(fd, texts.join(''))
      fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(aside, this.path)
    syncDirectory(this.dir)
    if (this.#fd >= 0) closeSync(this.#fd)
    this.#fd = openSync(this.path, 'a')
    this.#bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0)
    this.#live.clear()
    this.#liveBytes = 0
    for (const [index, forecast] of state.pending.entries()) {
      const bytes = Buffer.byteLength(texts[index + 1] ?? '')
      this.#live.set(forecast.id, bytes)
      this.#liveBytes += bytes
    }
    this.#underWay = underWay
  }

  /** Writes one line now (a killed process loses nothing written) and fsyncs within the sync interval. */
  #append(line: JournalLine): number {
    const text = `${JSON.stringify(line)}\n`
    const bytes = Buffer.byteLength(text)
    if (this.#failure !== undefined) return bytes
    try {
      writeAll(this.#fd, text)
      this.#bytes += bytes
      if (this.options.syncIntervalMs === 0) this.#sync()
      else this.#syncTimer ??= setTimeout(() => { this.#syncTimer = undefined; this.#sync() }, this.options.syncIntervalMs).unref()
    } catch (error) {
      this.#fail(error)
    }
    return bytes
  }

  #sync(): void {
    if (this.#failure !== undefined || this.#fd < 0) return
    try {
      fdatasyncSync(this.#fd)
    } catch (error) {
      this.#fail(error)
    }
  }

  #forget(ids: readonly string[]): void {
    for (const id of ids) {
      this.#liveBytes -= this.#live.get(id) ?? 0
      this.#live.delete(id)
    }
  }

  // A journal that cannot write (disk full, I/O error) stops: a half-written line followed by more
  // would cost the next one too. The outbox goes on in memory; the error is logged once, here.
  #fail(error: unknown): void {
    if (this.#failure !== undefined) return
    const failed = new AgentOutboxUnusable([this.path, (error as Error).message], { cause: error })
    this.#failure = failed.message
    this.logger.error({ code: failed.code, err: error }, `${failed.message} Forecasts are kept in memory only until the agent restarts.`)
  }
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text)
  let offset = 0
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset)
}

// The rename is durable only once the directory is: without this a power loss may bring back the old file.
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
