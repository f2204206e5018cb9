import { badInputCheck } from './bad-input-check.js'
import { capabilitiesCheck } from './capabilities-check.js'
import type { RuntimeCheck } from './check.js'
import { contractCheck } from './contract-check.js'
import { determinismCheck } from './determinism-check.js'
import { idempotencyCheck } from './idempotency-check.js'
import { isolationCheck } from './isolation-check.js'
import { limitsCheck } from './limits-check.js'
import { packageCheckIds, packageCheckTitles } from './package-checks.js'
import { performanceCheck } from './performance-check.js'

/** The checks that run the adapter, in order; capabilities last, as it reads what the others' calls did. */
export const runtimeChecks: readonly RuntimeCheck[] = [
  contractCheck, determinismCheck, idempotencyCheck, badInputCheck, isolationCheck, limitsCheck, performanceCheck, capabilitiesCheck,
]

/** Every check's id and title, in report order. */
export const checkCatalog: ReadonlyArray<{ id: string; title: string }> = [
  ...packageCheckIds.map((id) => ({ id, title: packageCheckTitles[id] })),
  ...runtimeChecks.map(({ id, title }) => ({ id, title })),
]
