import { goldenBatch } from '../golden/kind-inputs.js'
import type { BatchOutcome } from '../run/batch-outcome.js'
import { tenants } from '../run/harness-host.js'
import { examples, fail, pass, type RuntimeCheck } from './check.js'

/** Each output's key and whether it was accepted, in order. */
function routing(outcome: BatchOutcome): string[] {
  return outcome.items.map((item) => `${item.key} ${item.isOk ? 'accepted' : 'refused'}`)
}

/**
 * The golden batch replayed on the same instance (its kv state kept, as a redelivered batch
 * meets it): the same ids, routed the same way, and nothing extra.
 */
export const idempotencyCheck: RuntimeCheck = {
  id: 'idempotency',
  title: 'A replayed batch yields the same ids and nothing extra',
  async run({ host, kind }) {
    const first = routing((await host.golden()).outcome)
    const replay = routing((await host.mainInstance().run(goldenBatch(kind, tenants.a), tenants.a)).outcome)
    const changed = first.flatMap((line, index) => line === replay[index] ? [] : [`${line} became ${replay[index] ?? 'missing'}`])
    const extra = replay.slice(first.length).map((line) => `extra on replay: ${line}`)
    if (changed.length === 0 && extra.length === 0) return pass([`the replay gave the same ${first.length} ids, routed the same way`])
    return fail([`the replay changed ${changed.length} and added ${extra.length} of ${first.length} outputs`, ...examples([...changed, ...extra], 3)])
  },
}
