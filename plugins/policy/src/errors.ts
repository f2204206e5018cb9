import { defineError } from '@aether/plugin-api'

/** The thresholds are in the wrong order. */
export const ThresholdsOutOfOrder = defineError('AETHER_E_POLICY_THRESHOLDS',
  (migrateAt: number, drainAt: number) =>
    `The threshold policy needs migrateAt < drainAt, got migrateAt ${migrateAt} and drainAt ${drainAt}; lower migrateAt or raise drainAt.`)

/** A rules file cannot be read or is not JSON. */
export const RulesUnreadable = defineError('AETHER_E_POLICY_RULES_UNREADABLE',
  (file: string, problem: string) => `Cannot read the rules file ${file}: ${problem}. Check the path and that it holds JSON.`)

/** A rules file breaks the rules schema or its own constraints. */
export const RulesInvalid = defineError('AETHER_E_POLICY_RULES_INVALID',
  (file: string, path: string, problem: string) =>
    `The rules file ${file} is invalid at ${path}: ${problem}. Fix that value; rules that fail this check are never used.`)

/** A dry run needs a pipeline that names its policy and a storage to replay from. */
export const DryRunPolicyMissing = defineError('AETHER_E_POLICY_DRY_RUN_NO_POLICY',
  (file: string) => `The configuration ${file} names no pipeline.policy, so there are no live decisions to compare with; ` +
    'set pipeline.policy (e.g. "threshold") or pass -c with the pipeline that runs.')

/** The storage's move admission answered a different number of verdicts than it was asked for. */
export const AdmissionCountMismatch = defineError('AETHER_E_POLICY_ADMISSION_COUNT',
  (storage: string, verdicts: number, requests: number) =>
    `The move admission of ${storage} answered ${verdicts} verdicts for ${requests} requests; the batch is failed so that it is ` +
    'redelivered. Check that the storage plugin and @aether/plugin-policy come from the same release.')
