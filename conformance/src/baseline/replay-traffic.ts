import type { AdapterKind } from '@aether/plugin-sandbox-host'
import { badInputs, goldenBatch } from '../golden/kind-inputs.js'
import type { BatchOutcome } from '../run/batch-outcome.js'
import type { AdapterInstance } from '../run/harness-host.js'

/** What `--baseline` replays, as the report names it. */
export const recordedTraffic = 'the golden batch, then each bad input as a batch of its own'

/**
 * The recorded stream through one instance: the golden batch (real records), then each bad
 * input on its own (so a change in what a version refuses shows). Bad inputs' keys get
 * `<name>:` in front, as they repeat golden ids.
 */
export async function replayTraffic(instance: AdapterInstance, kind: AdapterKind, tenant: string): Promise<BatchOutcome> {
  const items = [...(await instance.run(goldenBatch(kind, tenant), tenant)).outcome.items]
  for (const bad of badInputs(kind, tenant)) {
    const { outcome } = await instance.run([bad.input], tenant)
    items.push(...outcome.items.map((item) => ({ ...item, key: `${bad.name}:${item.key}` })))
  }
  return { items }
}
