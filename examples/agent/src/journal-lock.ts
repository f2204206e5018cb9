import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AgentOutboxLocked, AgentOutboxUnusable } from './errors.js'

/**
 * One agent per outbox directory: two appending to the same journal would interleave and replay
 * each other's batches. The lock is a file holding the owner's pid. A lock left by a process that
 * is gone (killed, crashed) is taken over; one held by a live process refuses the start.
 * (A pid reused by an unrelated process after a crash reads as live: remove the file by hand.)
 */
export function lockOutbox(dir: string): () => void {
  const path = join(dir, 'lock')
  if (heldHere.has(path)) throw new AgentOutboxLocked([dir, process.pid])
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' })
      heldHere.add(path)
      return () => {
        heldHere.delete(path)
        try { unlinkSync(path) } catch { /* already gone: nothing to release */ }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new AgentOutboxUnusable([path, (error as Error).message], { cause: error })
    }
    const owner = Number.parseInt(readOwner(path), 10)
    // Our own pid in a lock this process does not hold is a previous life's (an agent that is pid 1 in its container every time).
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) throw new AgentOutboxLocked([dir, owner])
    try { unlinkSync(path) } catch { /* another starter took it over first: the next attempt says so */ }
  }
  throw new AgentOutboxUnusable([path, 'another process took the lock while this one was taking over a stale lock'])
}

// Locks this process holds, so a second journal on the same directory is refused here too.
const heldHere = new Set<string>()

function readOwner(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
