import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { temporaryDirectories } from '@aether/core/testing'
import { describe, expect, it } from 'vitest'
import type { AdapterKindName } from '../../src/adapter-kinds.js'
import { buildAdapter } from '../../src/build-adapter.js'
import { sampleInputs } from '../../src/sample-records.js'
import { scaffoldAdapter } from '../../src/scaffold-adapter.js'
import { tryAdapter } from '../../src/try-adapter.js'

// tryAdapter judges each kind's output with the host's own class for the kind, in the real sandbox.
const temporaryDirectory = temporaryDirectories()

async function trial(kind: AdapterKindName, source: string) {
  const { folder } = await scaffoldAdapter(kind, `my-${kind}`, await temporaryDirectory('aether-trial-'))
  await writeFile(join(folder, 'src/index.ts'), source)
  await buildAdapter(folder)
  return tryAdapter(folder, await sampleInputs(kind, 'demo'), 'demo')
}

const broken: Array<[AdapterKindName, string, string, RegExp]> = [
  ['validator', 'a verdict that carries a corrected record', `import { defineValidator } from '@aether/adapter-sdk'
export default defineValidator({ name: 'my-validator', process: (items) => items.map(({ id, tenant, record }) => ({ id, tenant, valid: true, record }) as never) })`, /^output record 0 is not a verdict: /],
  ['forecaster', 'a probability above 1', `import { defineForecaster } from '@aether/adapter-sdk'
export default defineForecaster({ name: 'my-forecaster', process: (inputs) => inputs.map((i) => ({ id: i.id, tenant: i.tenant, probability: 2, horizonMinutes: 60, model: 'x@1', features: {} })) })`, /^output record 0 is not a forecast: \/probability /],
  ['policy', 'an action no policy has', `import { definePolicy } from '@aether/adapter-sdk'
export default definePolicy({ name: 'my-policy', process: (forecasts) => forecasts.map((f) => ({ id: f.id, tenant: f.tenant, action: 'panic', confidence: 1, policy: 'x@1', explanation: 'x' }) as never) })`, /^output record 0 is not a decision: \/action /],
  ['source', 'a poll reply with a field besides records and cursor', `import { defineSource } from '@aether/adapter-sdk'
export default defineSource({ name: 'my-source', poll: () => ({ records: [], cursor: null, hasMore: true }) as never })`, /^poll returned fields other than records and cursor: hasMore$/],
]

describe('tryAdapter', () => {
  it.each(broken)('fails a %s returning %s with AETHER_E_SANDBOX_CONTRACT_VIOLATION, showing what it returned', async (kind, _, source, reason) => {
    const result = await trial(kind, source)
    expect(result.outcome).toBe('AETHER_E_SANDBOX_CONTRACT_VIOLATION')
    expect(result.reason).toMatch(reason)
    if (kind !== 'source') expect(result.records.length).toBeGreaterThan(0)
  })

  it('warns of a source\'s drafts that break their contract, as the host does, without failing the poll', async () => {
    const result = await trial('source', `import { defineSource } from '@aether/adapter-sdk'
export default defineSource({ name: 'my-source', poll: () => ({ records: [{ contract: 'signal.v1', source: 'feed', sourceEventId: 'a', summary: '' }], cursor: { page: 1 } }) })`)
    expect(result).toMatchObject({ outcome: 'ok', cursor: { page: 1 }, records: [{ sourceEventId: 'a' }] })
    expect(result.warnings).toEqual([expect.stringMatching(/^record 0: /)])
  })
})
