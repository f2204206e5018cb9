import { defineEnricher } from '@aether/adapter-sdk'
import { scoreSummary, wordsOf } from './score.js'

/** The model id stored with every enrichment; bump it when the lexicon or the scoring changes. */
const model = 'keyword-enricher@1'

export default defineEnricher({
  name: 'keyword-enricher',
  process(signals, ctx) {
    ctx.log(`scoring ${signals.length} signals of ${ctx.tenant}`)
    return signals.map((signal) => {
      // A summary with no word in it (only punctuation) says nothing to score.
      if (wordsOf(signal.summary).size === 0) return { id: signal.id, tenant: signal.tenant, error: 'the summary has no words to score' }
      const { sentiment, volatilityLikelihood, bCapacity } = scoreSummary(signal.summary, signal.severity)
      return { id: signal.id, tenant: signal.tenant, vNews: { sentiment, volatilityLikelihood }, bCapacity, model }
    })
  },
})
