import { policyEnginePoint, type AetherPlugin } from '@aether/plugin-api'
import { ThresholdPolicyConfig } from './config.js'
import { ThresholdPolicy } from './threshold-policy.js'

/** Provides the `threshold` policy engine. */
export const plugin: AetherPlugin<ThresholdPolicyConfig> = {
  manifest: {
    name: '@aether/plugin-policy',
    version: '0.1.0',
    description: 'Threshold policy engine with explained decisions',
    engine: '^0.1.0',
    provides: [policyEnginePoint.id],
    requires: {},
    configSchema: ThresholdPolicyConfig,
  },
  register(context) {
    context.provide(policyEnginePoint, new ThresholdPolicy(context.config))
  },
}
