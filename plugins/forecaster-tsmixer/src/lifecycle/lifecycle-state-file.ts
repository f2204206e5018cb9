import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { LifecycleStateInvalid } from '../errors.js'
import { LifecycleStage, LifecycleVersion } from './lifecycle-config.js'

/** A stage change, by the operator or by an automatic rollback, with why. */
export const LifecycleEvent = Type.Object({
  version: Type.String(),
  from: LifecycleStage,
  to: LifecycleStage,
  reason: Type.Union([Type.Literal('operator'), Type.Literal('error'), Type.Literal('latency')]),
  detail: Type.String(),
  at: Type.String(),
}, { additionalProperties: false })
export type LifecycleEvent = Static<typeof LifecycleEvent>

/** What survives a restart: each version's stage and the history of changes (not the scores). */
export const LifecycleState = Type.Object({
  versions: Type.Array(LifecycleVersion),
  events: Type.Array(LifecycleEvent),
}, { additionalProperties: false })
export type LifecycleState = Static<typeof LifecycleState>

// Synchronous on purpose: state is read once at start and written only on a stage change, and a
// rollback must be on disk before the next batch is routed.

/** The saved state, or undefined when the file does not exist yet. */
export function readLifecycleState(path: string): LifecycleState | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new LifecycleStateInvalid([path, (error as Error).message], { cause: error })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new LifecycleStateInvalid([path, 'it is not JSON'], { cause: error })
  }
  const first = Value.Errors(LifecycleState, parsed).First()
  if (first !== undefined) throw new LifecycleStateInvalid([path, `${first.path || '/'} ${first.message}`])
  return parsed as LifecycleState
}

/** Replaces the saved state atomically (a temporary file renamed over it). */
export function writeLifecycleState(path: string, state: LifecycleState): void {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`)
  renameSync(temporary, path)
}
