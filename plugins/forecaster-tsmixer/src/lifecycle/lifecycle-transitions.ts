import { LifecycleTransitionRefused, LifecycleVersionUnknown } from '../errors.js'
import { checkStages, type LifecycleStage, type LifecycleVersion } from './lifecycle-config.js'
import type { LifecycleEvent } from './lifecycle-state.js'

/** The versions after a change, and the events that record it. */
export interface Transition {
  versions: LifecycleVersion[]
  events: LifecycleEvent[]
}

/**
 * A stage change as a function of the stages it starts from, so that a writer who lost a race
 * can apply the same change again to the stages the winner saved (or be refused by them).
 */
export type StageChange = (versions: readonly LifecycleVersion[], at: string) => Transition

/** The challenger becomes the promoted version; the promoted one is retired. */
export function promotion(version: string): StageChange {
  return (versions, at) => {
    const next = copied(versions)
    const entry = found(next, version)
    if (entry.stage !== 'challenger') throw new LifecycleTransitionRefused([version, entry.stage, 'promoted'])
    const promoted = next.find((candidate) => candidate.stage === 'promoted') as LifecycleVersion
    // Both moves in one transition: saved state never holds zero promoted versions.
    return { versions: next, events: [moved(promoted, 'retired', 'operator', `replaced by ${version}`, at), moved(entry, 'promoted', 'operator', 'promoted by the operator', at)] }
  }
}

/** A shadow (or a rolled-back version, after a fix) answers this share of tenants as a challenger. */
export function canary(version: string, canaryShare: number): StageChange {
  return (versions, at) => {
    const next = copied(versions)
    const entry = found(next, version)
    if (entry.stage !== 'shadow' && entry.stage !== 'rolled-back') throw new LifecycleTransitionRefused([version, entry.stage, 'challenger'])
    const event = moved(entry, 'challenger', 'operator', `canary share ${canaryShare}`, at)
    entry.canaryShare = canaryShare
    checkStages(next)
    return { versions: next, events: [event] }
  }
}

/** A challenger stops answering its canary share: by the operator, or automatically for its error or latency. */
export function rollback(version: string, reason: LifecycleEvent['reason'], detail: string): StageChange {
  return (versions, at) => {
    const next = copied(versions)
    const entry = found(next, version)
    if (entry.stage !== 'challenger') throw new LifecycleTransitionRefused([version, entry.stage, 'rolled-back'])
    return { versions: next, events: [moved(entry, 'rolled-back', reason, detail, at)] }
  }
}

function moved(entry: LifecycleVersion, to: LifecycleStage, reason: LifecycleEvent['reason'], detail: string, at: string): LifecycleEvent {
  const event: LifecycleEvent = { version: entry.version, from: entry.stage, to, reason, detail, at }
  entry.stage = to
  if (to !== 'challenger') delete entry.canaryShare
  return event
}

function copied(versions: readonly LifecycleVersion[]): LifecycleVersion[] {
  return versions.map((entry) => ({ ...entry }))
}

function found(versions: LifecycleVersion[], version: string): LifecycleVersion {
  const entry = versions.find((candidate) => candidate.version === version)
  if (entry === undefined) throw new LifecycleVersionUnknown([version, versions.map((candidate) => candidate.version)])
  return entry
}
