import { createLogger, type SignalV1 } from '@aether/core'
import { describe, expect, it } from 'vitest'
import { LexiconEnricher } from './lexicon-enricher.js'

const context = { tenant: 't', traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }

function signal(summary: string, severity: SignalV1['severity'] = 'medium'): SignalV1 {
  return {
    id: 'c'.repeat(32), tenant: 't', contract: 'signal.v1', source: 'gcp-status', sourceEventId: 'x',
    timestamp: '2023-05-01T00:00:00Z', region: 'us-east1', severity, summary,
  }
}

async function enrich(summary: string, severity?: SignalV1['severity']) {
  const [result] = await new LexiconEnricher().enrichBatch([signal(summary, severity)], context)
  if (result?.isOk !== true) throw new Error('expected features')
  return result.value
}

describe('LexiconEnricher', () => {
  it('reads an outage as negative and a resolution as positive', async () => {
    expect((await enrich('Elevated error rates and failures creating instances')).vNews.sentiment).toBeLessThan(0)
    expect((await enrich('The issue has been resolved and service restored')).vNews.sentiment).toBeGreaterThan(0)
  })

  it('sees capacity trouble in the words of the summary', async () => {
    expect((await enrich('Insufficient capacity: unable to create instances in us-east1-b')).bCapacity).toBeGreaterThan(0.5)
    expect((await enrich('Cloud Console dashboard shows stale graphs')).bCapacity).toBe(0)
  })

  it('rates a high-severity incident more volatile than a low one', async () => {
    expect((await enrich('Investigating an issue', 'high')).vNews.volatilityLikelihood)
      .toBeGreaterThan((await enrich('Investigating an issue', 'low')).vNews.volatilityLikelihood)
  })

  it('labels its features with the lexicon version, and gives the same features for the same text', async () => {
    const enricher = new LexiconEnricher()
    const [a, b] = await enricher.enrichBatch([signal('Capacity issue'), signal('Capacity issue')], context)
    expect(a).toEqual(b)
    expect(a?.isOk === true && a.value.model).toBe('keyword-lexicon@1')
  })
})
