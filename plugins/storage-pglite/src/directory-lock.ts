import { randomUUID } from 'node:crypto'
import { unlinkSync } from 'node:fs'
import { link, readFile, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { PgliteLocked } from './errors.js'

/** Who holds a directory: what the lock file says. */
interface LockHolder {
  pid: number
  host: string
  /** When the holding process started (ISO 8601). */
  processStartedAt: string
  /** Tells this holding apart from an earlier one of the same pid. */
  token: string
}

/** An exclusive hold on a database directory; `release` gives it up (idempotent). */
export interface DirectoryLock {
  readonly path: string
  release(): Promise<void>
}

// Locks this thread holds (path to token), to release them at exit.
const heldHere = new Map<string, string>()
let releasesOnExit = false

/**
 * Takes the lock beside a PGlite directory: `<location>.lock`, holding this process's pid, host
 * and start time. Beside and not inside, because PGlite's initdb wants the directory to itself.
 * A lock whose process is gone (same host, pid not alive) is taken over; any other is refused
 * with `AETHER_E_STORAGE_PGLITE_LOCKED`.
 */
export async function lockDirectory(location: string): Promise<DirectoryLock> {
  const path = `${location}.lock`
  const self: LockHolder = {
    pid: process.pid,
    host: hostname(),
    processStartedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    token: randomUUID(),
  }
  // Bounded: each turn either creates the lock, refuses, or removes a stale one that another
  // opener may win the race for.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, self)) {
      heldHere.set(path, self.token)
      releaseOnExit()
      return { path, release: () => release(path, self.token) }
    }
    const holder = await readHolder(path)
    if (holder === 'gone') continue
    if (holder === 'unreadable' || isAlive(holder, self)) throw refusal(location, path, holder)
    await takeOver(path, holder, self)
  }
  // Other openers won every race: one of them holds it now.
  const holder = await readHolder(path)
  throw refusal(location, path, holder === 'gone' ? 'unreadable' : holder)
}

/**
 * Creates the lock file with its content in place, or returns false when one exists. The content
 * goes to a private file first and is hard-linked to the lock's name (which, like an open with
 * 'wx', fails when the name exists): a reader never sees a lock file half written.
 */
async function createExclusive(path: string, holder: LockHolder): Promise<boolean> {
  const draft = `${path}.${holder.token}`
  await writeFile(draft, `${JSON.stringify(holder)}\n`, { flag: 'wx' })
  try {
    await link(draft, path)
    return true
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  } finally {
    await unlink(draft)
  }
}

async function readHolder(path: string): Promise<LockHolder | 'gone' | 'unreadable'> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'gone'
    throw error
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') {
      return { pid: parsed.pid, host: parsed.host, processStartedAt: String(parsed.processStartedAt), token: parsed.token }
    }
  } catch {
    // Not ours to judge: reported as unreadable below.
  }
  return 'unreadable'
}

/**
 * True unless the holder is known to be gone. A lock from another host cannot be checked (its
 * pid means nothing here), so it counts as held. A lock with this process's pid is this process's
 * own (an open not yet closed, in any thread) only if its start time is ours too; otherwise an
 * earlier process had the pid (pid 1 of a restarted container).
 */
function isAlive(holder: LockHolder, self: LockHolder): boolean {
  if (holder.host !== self.host) return true
  if (holder.pid === self.pid) return Math.abs(Date.parse(holder.processStartedAt) - Date.parse(self.processStartedAt)) < 1000
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists under another user.
    return errorCode(error) !== 'ESRCH'
  }
}

/**
 * Removes a stale lock, unless another opener replaced it meanwhile. Openers that found the same
 * stale lock take turns through a guard file (created exclusively, like the lock): under it the
 * lock is read again and removed only if it is still the stale one. The lock file is never moved,
 * so there is no moment in which a live lock is missing and a third opener could slip in.
 */
async function takeOver(path: string, stale: LockHolder, self: LockHolder): Promise<void> {
  const guard = `${path}.takeover`
  if (!(await createExclusive(guard, self))) {
    // Another opener is taking it over; if that opener died doing so, its guard is stale too.
    const guardHolder = await readHolder(guard)
    if (guardHolder !== 'gone' && guardHolder !== 'unreadable' && !isAlive(guardHolder, self)) await unlinkIfHeldBy(guard, guardHolder.token)
    return
  }
  try {
    await unlinkIfHeldBy(path, stale.token)
  } finally {
    await unlinkIfHeldBy(guard, self.token)
  }
}

/** Removes a lock (or guard) file only if it still holds `token`. */
async function unlinkIfHeldBy(path: string, token: string): Promise<void> {
  const holder = await readHolder(path)
  if (holder !== 'gone' && holder !== 'unreadable' && holder.token === token) await unlink(path).catch(() => {})
}

async function release(path: string, token: string): Promise<void> {
  if (heldHere.get(path) !== token) return
  heldHere.delete(path)
  // Only our own lock: never one that another process took over meanwhile.
  await unlinkIfHeldBy(path, token)
}

// A process that exits without stopping (process.exit after an error) still leaves no lock.
function releaseOnExit(): void {
  if (releasesOnExit) return
  releasesOnExit = true
  process.on('exit', () => {
    for (const path of heldHere.keys()) {
      try { unlinkSync(path) } catch { /* already gone */ }
    }
  })
}

function refusal(location: string, path: string, holder: LockHolder | 'unreadable'): Error {
  const who = holder === 'unreadable'
    ? 'another process (its lock file cannot be read)'
    : holder.pid === process.pid && holder.host === hostname()
      ? `this process (pid ${holder.pid}), which already has it open`
      : `process ${holder.pid} on ${holder.host}, started ${holder.processStartedAt}`
  return new PgliteLocked([location, who, path])
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}
