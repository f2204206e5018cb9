import { goldenBatch } from '../golden/kind-inputs.js'
import { outcomeText } from '../run/batch-outcome.js'
import { tenants } from '../run/harness-host.js'
import { fail, pass, type RuntimeCheck } from './check.js'

/**
 * Tenant B's call right after tenant A's, on one instance, against tenant B's call on an empty
 * instance: B's output must not name tenant A, and must be routed the same (its values, too,
 * when the adapter is deterministic), so that nothing of A's call reached B's. An instance's
 * state is its kv store (per tenant in the host) and its recorded far side (one for all tenants,
 * as a real server is), so an adapter keeping cross-tenant state on a server it fetches fails.
 */
export const isolationCheck: RuntimeCheck = {
  id: 'isolation',
  title: 'Calls for two tenants in a row share no state',
  async run({ host, kind }) {
    const shared = host.instance()
    await shared.run(goldenBatch(kind, tenants.a), tenants.a)
    const afterA = (await shared.run(goldenBatch(kind, tenants.b), tenants.b)).outcome
    const alone = (await host.instance().run(goldenBatch(kind, tenants.b), tenants.b)).outcome
    const alone2 = (await host.instance().run(goldenBatch(kind, tenants.b), tenants.b)).outcome
    return compareTenantRuns(outcomeText(afterA), outcomeText(alone), outcomeText(alone2))
  },
}

/** The isolation verdict from tenant B's output after A, alone, and alone again (whether B is deterministic). */
export function compareTenantRuns(afterA: string, alone: string, aloneAgain: string) {
  if (afterA.includes(tenants.a)) return fail([`tenant ${tenants.b}'s output names tenant ${tenants.a}`])
  const routing = (text: string) => (JSON.parse(text) as { items: Array<{ key: string; isOk: boolean }> }).items.map((item) => `${item.key}:${item.isOk}`).join()
  if (routing(afterA) !== routing(alone)) return fail([`tenant ${tenants.b}'s batch is routed differently after tenant ${tenants.a}'s than on its own`])
  const isDeterministic = alone === aloneAgain
  if (isDeterministic && afterA !== alone) return fail([`tenant ${tenants.b}'s output after tenant ${tenants.a}'s differs from its output on its own`])
  return pass([
    `tenant ${tenants.b}'s output after tenant ${tenants.a}'s names no other tenant and is routed as on its own`,
    isDeterministic ? 'and is byte for byte the same' : 'its values vary between runs, so only the routing was compared (see determinism)',
  ])
}
