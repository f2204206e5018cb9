import { codeOf } from '../run/batch-outcome.js'
import { examples, fail, pass, type RuntimeCheck, skip } from './check.js'

/**
 * The golden batch through the product's own implementation of the kind: the host's checks of
 * the output contract and of one output per input with the same id and tenant must all hold.
 * A call refused a capability is the capabilities check's finding, not this one's.
 */
export const contractCheck: RuntimeCheck = {
  id: 'contract.golden',
  title: 'Outputs on golden inputs follow the kind\'s output contract',
  async run({ host }) {
    const { outcome } = await host.golden()
    const count = `${outcome.items.length} golden input(s)`
    if (outcome.failure === 'AETHER_E_SANDBOX_CAPABILITY_DENIED') return skip([`every call was refused a capability (see the capabilities check); ${count} not judged`])
    if (outcome.failure !== undefined) return fail([`the call on ${count} failed: ${outcome.items[0]?.error ?? outcome.failure}`])
    const broken = outcome.items.filter((item) => codeOf(item.error) === 'AETHER_E_SANDBOX_CONTRACT_VIOLATION')
    if (broken.length > 0) return fail([`${broken.length} of ${count} broke the contract`, ...examples(broken.map((item) => `${item.key}: ${item.error ?? ''}`), 3)])
    const refused = outcome.items.filter((item) => !item.isOk)
    return pass([
      `${count}: ${outcome.items.length - refused.length} accepted, ${refused.length} refused by the adapter, none broke the contract`,
      ...examples(refused.map((item) => `refused ${item.key}: ${item.error ?? ''}`), 3),
    ])
  },
}
