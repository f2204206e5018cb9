import { goldenBatch } from '../golden/kind-inputs.js'
import { outcomeText } from '../run/batch-outcome.js'
import { tenants } from '../run/harness-host.js'
import { fail, pass, type RuntimeCheck } from './check.js'

/**
 * The golden batch twice, each on an instance with empty state (kv empty, recorded far side at
 * its first responses): the outcomes must be byte for byte the same. The harness's calls run
 * with a frozen clock and a seeded Math.random (harnessClock), so an adapter reading those is
 * deterministic; one reading anything else that changes (Intl's own clock, say) fails here.
 */
export const determinismCheck: RuntimeCheck = {
  id: 'determinism',
  title: 'The same input twice gives byte-identical output',
  async run({ host, kind }) {
    const first = outcomeText((await host.golden()).outcome)
    const second = outcomeText((await host.instance().run(goldenBatch(kind, tenants.a), tenants.a)).outcome)
    if (first === second) return pass([`two runs of the golden batch gave the same ${Buffer.byteLength(first)} bytes`])
    let at = 0
    while (at < first.length && first[at] === second[at]) at += 1
    const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 40), at + 60))
    return fail([`two runs of the golden batch differ from byte ${at}`, `first:  ${around(first)}`, `second: ${around(second)}`])
  },
}
