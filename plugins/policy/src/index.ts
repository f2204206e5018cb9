export { plugin } from './plugin.js'
export { ThresholdPolicy, thresholdPolicyId } from './threshold-policy.js'
export { ThresholdPolicyConfig } from './config.js'
export { ThresholdsOutOfOrder } from './errors.js'
