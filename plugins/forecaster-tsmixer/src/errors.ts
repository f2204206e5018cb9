import { defineError } from '@aether/plugin-api'

export const ModelCardInvalid = defineError('AETHER_E_FORECASTER_MODEL_CARD_INVALID',
  (path: string, problem: string) => `The model card ${path} cannot be used: ${problem}. Run \`npm run train:forecaster\` to write it again.`)

export const ModelFeaturesMismatch = defineError('AETHER_E_FORECASTER_FEATURES_MISMATCH',
  (path: string, found: string, expected: string) =>
    `The model card ${path} was trained on features ${found}, this forecaster computes ${expected}: retrain with \`npm run train:forecaster\` or use a matching plugin version.`)

export const BacktestDataMissing = defineError('AETHER_E_BACKTEST_DATA_MISSING',
  (dir: string, present: string[]) => `${dir} has no spot-traces folder, and the backtest's labels come from measured traces `
    + `(found: ${present.length === 0 ? 'nothing' : present.join(', ')}). Point --data at a folder laid out like the project's data, e.g. training/forecaster/data.`)

export const LifecycleConfigInvalid = defineError('AETHER_E_FORECASTER_LIFECYCLE_INVALID',
  (problem: string) => `The model lifecycle configuration cannot be used: ${problem}. Fix the versions list (one promoted, challengers with a canaryShare).`)

export const LifecycleVersionUnknown = defineError('AETHER_E_FORECASTER_LIFECYCLE_VERSION_UNKNOWN',
  (version: string, known: string[]) => `No model version "${version}" in the lifecycle (known: ${known.join(', ')}). Check the name, or add the version with its forecaster.`)

export const LifecycleTransitionRefused = defineError('AETHER_E_FORECASTER_LIFECYCLE_TRANSITION',
  (version: string, from: string, to: string) => `Model version "${version}" cannot go from ${from} to ${to}. Promote or roll back a challenger; start a canary from shadow or rolled-back.`)

export const LifecycleStateInvalid = defineError('AETHER_E_FORECASTER_LIFECYCLE_STATE_INVALID',
  (where: string, problem: string) => `The model lifecycle state in ${where} cannot be used: ${problem}. Fix it; a state file can also be deleted, which starts again from the configured stages.`)

export const LifecycleStateConflict = defineError('AETHER_E_FORECASTER_LIFECYCLE_CONFLICT',
  (where: string, attempts: number) => `The model lifecycle state in ${where} kept changing under this change (${attempts} attempts, each re-read and re-applied); nothing was saved. Run \`aether forecaster status\` and try again.`)

export const LifecycleCommandUnconfigured = defineError('AETHER_E_FORECASTER_LIFECYCLE_UNCONFIGURED',
  (file: string, problem: string) => `The pipeline ${file} cannot be managed with \`aether forecaster\`: ${problem}.`)
