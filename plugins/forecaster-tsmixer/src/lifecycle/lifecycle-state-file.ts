import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { LifecycleStateInvalid } from '../errors.js'
import { LifecycleEvent, SavedVersion, type LifecycleStateStore, type SavedLifecycle } from './lifecycle-state.js'

/** The state file's content. */
export const LifecycleState = Type.Object({
  /** Absent in files written before revisions: such a file counts one revision per event. */
  revision: Type.Optional(Type.Integer({ minimum: 0 })),
  versions: Type.Array(SavedVersion),
  events: Type.Array(LifecycleEvent),
}, { additionalProperties: false })
export type LifecycleState = Static<typeof LifecycleState>

/**
 * The lifecycle's state in a JSON file, for a pipeline without storage. The revision check
 * refuses a save made from an older state, but a file has no transaction: two processes saving
 * in the same instant can still both write. Several processes should share the storage instead.
 */
export function lifecycleStateFile(path: string): LifecycleStateStore {
  return {
    description: `state file ${path}`,
    revision: () => Promise.resolve(readLifecycleState(path).revision),
    read: () => Promise.resolve(readLifecycleState(path)),
    save: (expectedRevision, versions, events) => {
      const current = readLifecycleState(path)
      if (current.revision !== expectedRevision) return Promise.resolve({ isApplied: false, revision: current.revision })
      const revision = current.revision + 1
      const kept = current.versions.filter((entry) => !versions.some((saved) => saved.version === entry.version))
      writeLifecycleState(path, { revision, versions: [...kept, ...versions], events: [...current.events, ...events] })
      return Promise.resolve({ isApplied: true, revision })
    },
  }
}

// Synchronous on purpose: a rollback must be on disk before the next change is judged.

/** The saved state; revision 0 with nothing in it when the file does not exist yet. */
function readLifecycleState(path: string): SavedLifecycle {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { revision: 0, versions: [], events: [] }
    throw new LifecycleStateInvalid([`state file ${path}`, (error as Error).message], { cause: error })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new LifecycleStateInvalid([`state file ${path}`, 'it is not JSON'], { cause: error })
  }
  const first = Value.Errors(LifecycleState, parsed).First()
  if (first !== undefined) throw new LifecycleStateInvalid([`state file ${path}`, `${first.path || '/'} ${first.message}`])
  const state = parsed as LifecycleState
  return { revision: state.revision ?? state.events.length, versions: state.versions, events: state.events }
}

/** Replaces the saved state atomically (a temporary file renamed over it). */
function writeLifecycleState(path: string, state: LifecycleState): void {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`)
  renameSync(temporary, path)
}
