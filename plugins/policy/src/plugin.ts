import { resolve } from 'node:path'
import {
  moveAdmissionPoint, policyEnginePoint, storagePoint, type AetherPlugin, type ExtensionPoint, type MoveAdmission, type PluginContext,
} from '@aether/plugin-api'
import { PolicyPluginConfig } from './config.js'
import { loadRules } from './rules/load-rules.js'
import { RulesWatcher } from './rules/rules-watcher.js'
import { RulesPolicy } from './rules-policy.js'
import { ThresholdPolicy } from './threshold-policy.js'

/** Provides the `threshold` policy engine, and the `rules` engine when `rules` is configured. */
export const plugin: AetherPlugin<PolicyPluginConfig> = {
  manifest: {
    name: '@aether/plugin-policy',
    version: '0.1.0',
    description: 'Threshold and rules policy engines with explained, guarded decisions',
    engine: '^0.1.0',
    provides: [policyEnginePoint.id],
    requires: {},
    configSchema: PolicyPluginConfig,
  },
  async register(context) {
    const { rules: rulesConfig, ...thresholds } = context.config
    context.provide(policyEnginePoint, new ThresholdPolicy(thresholds))
    if (rulesConfig === undefined) return
    // A bad rules file at start fails the start: there are no old rules to keep.
    const file = resolve(context.baseDir, rulesConfig.path)
    const policy = new RulesPolicy(await loadRules(file), rulesConfig.workloads)
    context.provide(policyEnginePoint, policy)
    context.onStart(() => shareOrRestoreGuardrails(context, policy))
    if (!rulesConfig.watch) return
    const watcher = new RulesWatcher(file, policy, context.logger)
    context.onStart(() => { watcher.start() })
    context.onStop(() => watcher.stop())
  },
}

// How many stored decisions a start reads back at most: far more than the moves a window holds.
const restoredDecisionsLimit = 100_000
const minuteMs = 60_000

/**
 * Puts the guardrails' memory in storage when the storage admits moves (the SQL storages do), so
 * every policy process on the same database keeps one rate and one cool-down. Otherwise gives
 * the in-memory guardrails the decisions stored in the last cool-down or rate window (whichever
 * is longer) before now, so a restarted policy still holds a workload in its cool-down and still
 * counts the window's moves. Without storage there is nothing to share or restore.
 */
async function shareOrRestoreGuardrails(context: PluginContext<PolicyPluginConfig>, policy: RulesPolicy): Promise<void> {
  const storage = resolved(context, storagePoint)
  const admission = resolved<MoveAdmission>(context, moveAdmissionPoint)
  if (admission !== undefined) {
    const where = storage?.describe() ?? 'storage'
    policy.shareGuardrails(admission, where)
    context.logger.info({ storage: where }, 'policy guardrails shared through storage')
    return
  }
  if (storage === undefined) return
  const { cooldownMinutes, migrationRate } = policy.rules.rules.guardrails
  const now = Date.now()
  const records = await storage.queryWindow({
    tenant: context.tenant, contract: 'decision.v2', limit: restoredDecisionsLimit,
    from: new Date(now - Math.max(cooldownMinutes, migrationRate.windowMinutes) * minuteMs).toISOString(),
    // Event time may run a little ahead of this clock.
    to: new Date(now + 24 * 60 * minuteMs).toISOString(),
  })
  const restored = policy.restoreGuardrails(records)
  if (restored > 0) context.logger.info({ decisions: restored }, 'policy guardrails restored from stored decisions')
}

function resolved<T>(context: PluginContext<PolicyPluginConfig>, point: ExtensionPoint<T>): T | undefined {
  try {
    return context.resolve(point)
  } catch {
    return undefined
  }
}
