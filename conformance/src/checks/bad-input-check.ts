import { badInputs, goldenBatch } from '../golden/kind-inputs.js'
import { tenants } from '../run/harness-host.js'
import { examples, fail, pass, type RuntimeCheck } from './check.js'

/** Outcomes that mean the adapter ran away on an input instead of refusing it. */
const runaway = new Set(['AETHER_E_SANDBOX_TIMEOUT', 'AETHER_E_SANDBOX_MEMORY_LIMIT'])

/**
 * Malformed, missing-field, oversized and hostile inputs, one batch each: every one must be
 * refused (an item error, an invalid verdict, a failed call with a contract or thrown error),
 * never accepted as if it were fine (a silent fix) and never a timeout or memory abort. Then the
 * golden batch again: the host still answers it as it did first.
 */
export const badInputCheck: RuntimeCheck = {
  id: 'bad-input',
  title: 'Bad input gives a contract error or an invalid routing, never a crash or a silent fix',
  async run({ host, kind }) {
    const instance = host.instance()
    const problems: string[] = []
    const seen: string[] = []
    for (const bad of badInputs(kind, tenants.a)) {
      const { outcome } = await instance.run([bad.input], tenants.a)
      const item = outcome.items[outcome.items.length - 1]
      if (outcome.failure !== undefined && runaway.has(outcome.failure)) problems.push(`${bad.name} (${bad.description}): ${outcome.failure}`)
      else if (kind === 'source' ? outcome.failure === undefined : item?.isOk !== false) problems.push(`${bad.name} (${bad.description}): accepted`)
      else seen.push(`${bad.name}: refused with ${(item?.error ?? '').slice(0, 160)}`)
    }
    const before = (await host.golden()).outcome.items.map((item) => item.isOk)
    const after = (await instance.run(goldenBatch(kind, tenants.a), tenants.a)).outcome.items.map((item) => item.isOk)
    if (JSON.stringify(before) !== JSON.stringify(after)) problems.push('after the bad inputs, the golden batch is not routed as before')
    if (problems.length > 0) return fail(examples(problems, 4))
    return pass([...seen, 'the golden batch afterwards was routed as before'])
  },
}
