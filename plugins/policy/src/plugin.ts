import { resolve } from 'node:path'
import { policyEnginePoint, type AetherPlugin } from '@aether/plugin-api'
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
    if (!rulesConfig.watch) return
    const watcher = new RulesWatcher(file, policy, context.logger)
    context.onStart(() => { watcher.start() })
    context.onStop(() => watcher.stop())
  },
}
