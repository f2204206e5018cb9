import { Type, type Static } from '@sinclair/typebox'
import { LifecycleStage } from './lifecycle-config.js'

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

/** A version's stage as saved (its model path stays in the configuration). */
export const SavedVersion = Type.Object({
  version: Type.String({ minLength: 1 }),
  stage: LifecycleStage,
  canaryShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
}, { additionalProperties: false })
export type SavedVersion = Static<typeof SavedVersion>

/** What is saved: each version's stage and the history of changes (not the scores), at a revision. */
export interface SavedLifecycle {
  /** Bumped by every saved change; 0 when nothing was saved yet. */
  revision: number
  versions: SavedVersion[]
  events: LifecycleEvent[]
}

/**
 * Where a lifecycle's stages are kept so that restarts and other processes see them: the
 * pipeline's storage, or a state file without one. A save names the revision it was made from
 * and is refused (`isApplied: false`) when another writer saved first.
 */
export interface LifecycleStateStore {
  /** Where the state is, for logs and `aether forecaster status`. */
  readonly description: string
  revision(): Promise<number>
  read(): Promise<SavedLifecycle>
  save(expectedRevision: number, versions: readonly SavedVersion[], events: readonly LifecycleEvent[]): Promise<{ isApplied: boolean; revision: number }>
}
