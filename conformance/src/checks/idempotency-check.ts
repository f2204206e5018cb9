import type { AdapterKind } from '@aether/plugin-sandbox-host'
import { goldenBatch } from '../golden/kind-inputs.js'
import type { BatchOutcome } from '../run/batch-outcome.js'
import { type HarnessHost, tenants } from '../run/harness-host.js'
import { examples, fail, pass, type RuntimeCheck } from './check.js'

/** Each output's key and whether it was accepted, in order. */
function routing(outcome: BatchOutcome): string[] {
  return outcome.items.map((item) => `${item.key} ${item.isOk ? 'accepted' : 'refused'}`)
}

/**
 * The golden batch replayed on the same instance (its kv state kept, as a redelivered batch
 * meets it): the same ids, routed the same way, and nothing extra. A source's redelivery is a
 * poll made again with the same cursor, so a source runs from the null cursor on a new instance
 * with every poll made twice in a row (kv kept between the two); each second answer must match
 * the first. (Polling from the null cursor again after a whole run is a new run, which a source
 * keeping its place in kv rightly answers with nothing new.)
 */
export const idempotencyCheck: RuntimeCheck = {
  id: 'idempotency',
  title: 'A replayed batch yields the same ids and nothing extra',
  async run({ host, kind }) {
    const { first, replay } = kind === 'source' ? await redeliveredPolls(host) : await replayedGolden(host, kind)
    const changed = first.flatMap((line, index) => line === replay[index] ? [] : [`${line} became ${replay[index] ?? 'missing'}`])
    const extra = replay.slice(first.length).map((line) => `extra on replay: ${line}`)
    const what = kind === 'source' ? 'each poll made again with its cursor' : 'the replay'
    if (changed.length === 0 && extra.length === 0) return pass([`${what} gave the same ${first.length} ids, routed the same way`])
    return fail([`${what} changed ${changed.length} and added ${extra.length} of ${first.length} outputs`, ...examples([...changed, ...extra], 3)])
  },
}

async function replayedGolden(host: HarnessHost, kind: AdapterKind): Promise<{ first: string[]; replay: string[] }> {
  const first = routing((await host.golden()).outcome)
  return { first, replay: routing((await host.mainInstance().run(goldenBatch(kind, tenants.a), tenants.a)).outcome) }
}

async function redeliveredPolls(host: HarnessHost): Promise<{ first: string[]; replay: string[] }> {
  const { first, again } = await host.instance().redelivered(tenants.a)
  return { first: routing(first), replay: routing(again) }
}
