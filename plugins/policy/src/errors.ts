import { defineError } from '@aether/plugin-api'

/** The thresholds are in the wrong order. */
export const ThresholdsOutOfOrder = defineError('AETHER_E_POLICY_THRESHOLDS',
  (migrateAt: number, drainAt: number) =>
    `The threshold policy needs migrateAt < drainAt, got migrateAt ${migrateAt} and drainAt ${drainAt}; lower migrateAt or raise drainAt.`)
