import { goldenBatch } from '../golden/kind-inputs.js'
import { outcomeText } from '../run/batch-outcome.js'
import { tenants } from '../run/harness-host.js'
import { fail, pass, type RuntimeCheck } from './check.js'

/**
 * The golden batch twice, each on an instance with empty state: the outcomes must be byte for
 * byte the same. The host does not freeze the clock or seed Math.random, so an adapter that
 * reads either (or anything else that changes) fails here.
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
