import { addBacktestCommand } from './backtest/backtest-command.js'

export { plugin } from './plugin.js'
export { TsmixerForecaster, bundledModel, type GateReason } from './tsmixer-forecaster.js'
export { TsmixerForecasterConfig } from './config.js'
export { ModelCard, ChannelStats, loadModelCard, cardPathOf } from './model-card.js'
export { driftCheck, type DriftVerdict } from './drift-check.js'
export { featuresVersion, windowTicks, channels, ticksOf, incidentScore, windowFeatures, inputFeatures, type Tick } from './window-features.js'
export { averagePrecision, brierScore } from './metrics.js'
export { ModelCardInvalid, ModelFeaturesMismatch } from './errors.js'
export { runBacktest, type BacktestOptions, type BacktestReport, type ModelScores } from './backtest/run-backtest.js'
export { writeReport } from './backtest/report-files.js'
export { BacktestDataMissing } from './errors.js'

/** The CLI commands this package contributes to `aether`: `aether backtest`. */
export const commands = [addBacktestCommand]
export { ModelLifecycle, type LifecycleDependencies } from './lifecycle/model-lifecycle.js'
export { LifecycleEvent, LifecycleState } from './lifecycle/lifecycle-state-file.js'
export { LifecycleConfig, LifecycleVersion, LifecycleStage, parseLifecycleConfig } from './lifecycle/lifecycle-config.js'
export { canaryBucket } from './lifecycle/canary-bucket.js'
export { type VersionScores } from './lifecycle/live-scores.js'
export { LifecycleConfigInvalid, LifecycleVersionUnknown, LifecycleTransitionRefused, LifecycleStateInvalid } from './errors.js'
