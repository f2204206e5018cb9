import { addPolicyCommands } from './cli/policy-commands.js'

export { plugin } from './plugin.js'
export { ThresholdPolicy, thresholdPolicyId } from './threshold-policy.js'
export { RulesPolicy, rulesPolicyId } from './rules-policy.js'
export { ThresholdPolicyConfig, PolicyPluginConfig } from './config.js'
export { RulesPolicyConfig, Workload } from './rules-config.js'
export { RulesFile, Rule, RuleConditions, RuleEffect, GuardrailSettings } from './rules/rules-file.js'
export { loadRules, parseRules, type LoadedRules } from './rules/load-rules.js'
export { RulesWatcher, type ReloadOutcome, type RulesHolder } from './rules/rules-watcher.js'
export { Guardrails, type Proposal, type Review } from './guardrails/guardrails.js'
export { ThresholdsOutOfOrder, RulesUnreadable, RulesInvalid } from './errors.js'
export { dryRun, describeDryRun, type DryRunReport, type DryRunOptions, type DecisionChange } from './dry-run/dry-run.js'
export { DryRunPolicyMissing } from './errors.js'

/** The CLI commands this package contributes to `aether`: `aether policy dry-run`. */
export const commands = [addPolicyCommands]
