import type { LifecycleStage } from '../lifecycle/lifecycle-config.js'
import type { LifecycleEvent } from '../lifecycle/lifecycle-state.js'
import type { ModelLifecycle } from '../lifecycle/model-lifecycle.js'

/** What `aether forecaster status --json` prints. */
export interface LifecycleStatus {
  /** Where the stages are kept: the pipeline's storage or a state file. */
  state: string
  /** The saved revision shown; every saved change moves it on by one. */
  revision: number
  versions: Array<{ version: string; stage: LifecycleStage; canaryShare?: number }>
  /** Every recorded stage change, oldest first: promotions, canaries and rollbacks (operator, error, latency). */
  events: LifecycleEvent[]
}

/** The lifecycle's stages and history, as its saved state and configuration give them. */
export function lifecycleStatus(lifecycle: ModelLifecycle, state: string): LifecycleStatus {
  return {
    state,
    revision: lifecycle.revision,
    versions: lifecycle.versions.map(({ version, stage, canaryShare }) => (canaryShare === undefined ? { version, stage } : { version, stage, canaryShare })),
    events: [...lifecycle.events],
  }
}

/** The status as lines for a person. */
export function describeLifecycle(status: LifecycleStatus): string {
  const lines = [`model versions (${status.state}, revision ${status.revision}):`]
  for (const entry of status.versions) {
    lines.push(`  ${entry.version}: ${entry.stage}${entry.canaryShare === undefined ? '' : `, canary share ${entry.canaryShare}`}`)
  }
  lines.push(status.events.length === 0 ? 'no stage changes recorded' : `${status.events.length} stage changes recorded:`)
  for (const event of status.events) lines.push(`  ${event.at} ${event.version}: ${event.from} -> ${event.to} (${event.reason}: ${event.detail})`)
  return `${lines.join('\n')}\n`
}
