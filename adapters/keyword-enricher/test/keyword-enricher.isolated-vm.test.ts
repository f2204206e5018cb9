import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { isBuildCurrent, tryAdapter } from '@aether/adapter-cli'
import { recordId } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'

const folder = fileURLToPath(new URL('..', import.meta.url))

function signal(sourceEventId: string, summary: string, tenant = 'lab') {
  const header = { contract: 'signal.v1', source: 'test', sourceEventId }
  return { id: recordId(header), tenant, ...header, timestamp: '2023-10-05T10:08:00.000Z', region: 'us-central1', severity: 'high', summary }
}

describe('the keyword-enricher adapter, as committed', () => {
  it('is the bundle and manifest its source builds to, so the recorded sha512 is honest', async () => {
    expect(await isBuildCurrent(folder)).toEqual({ isBundleCurrent: true, isManifestCurrent: true })
  })

  it('enriches signals in the real sandbox, keeping each id and tenant, and fails only a signal with no words', async () => {
    const signals = [signal('a', 'Compute Engine stockout in us-central1'), signal('b', 'All services restored'), signal('c', '...')]
    const trial = await tryAdapter(folder, signals, 'lab')
    expect(trial.outcome).toBe('ok')
    expect(trial.logs).toEqual(['scoring 3 signals of lab'])
    expect(trial.records).toEqual([
      { id: signals[0]!.id, tenant: 'lab', vNews: { sentiment: 0, volatilityLikelihood: 0.5 }, bCapacity: 0.958, model: 'keyword-enricher@1' },
      { id: signals[1]!.id, tenant: 'lab', vNews: { sentiment: 0.604, volatilityLikelihood: 0.25 }, bCapacity: 0, model: 'keyword-enricher@1' },
      { id: signals[2]!.id, tenant: 'lab', error: 'the summary has no words to score' },
    ])
  })
})
