import { fail, pass, type RuntimeCheck } from './check.js'

/** Outcomes that mean a declared limit did not hold. */
const limitCodes = new Set(['AETHER_E_SANDBOX_TIMEOUT', 'AETHER_E_SANDBOX_MEMORY_LIMIT', 'AETHER_E_SANDBOX_OUTPUT_TOO_LARGE'])

/**
 * The load profile (a batch of 1,000 inputs; a source: its whole feed) within the limits the
 * manifest declares: no timeout, memory abort or oversized output.
 */
export const limitsCheck: RuntimeCheck = {
  id: 'limits',
  title: 'The declared time and memory hold under the load profile',
  async run({ host, adapter }) {
    const { outcome, ms, inputs } = await host.load()
    const { timeoutMs, memoryMb, maxOutputBytes } = adapter.manifest.limits
    const profile = adapter.manifest.kind === 'source' ? 'the load profile (the whole feed from a null cursor)' : `the load profile (${inputs} inputs)`
    const declared = `the declared timeoutMs ${timeoutMs}, memoryMb ${memoryMb}, maxOutputBytes ${maxOutputBytes}`
    const measurements = { elapsedMs: Math.round(ms), timeoutMs }
    if (outcome.failure !== undefined && limitCodes.has(outcome.failure)) {
      return fail([`${profile} failed with ${outcome.failure} (${declared})`, outcome.items[outcome.items.length - 1]?.error ?? ''], measurements)
    }
    return pass([`${profile} gave ${outcome.items.length} outputs within ${declared}`], measurements)
  },
}
