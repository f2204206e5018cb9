import { lexicon } from '@aether/plugin-enricher'

/** The model name both ways of running the benchmark's enricher report. */
export const benchModel = 'keyword-lexicon@1'

/**
 * An adapter bundle with the first-party lexicon enricher's logic (its word lists, whole-word
 * matching and formula, without its cache, which a fresh context per call could not keep),
 * written as plain JavaScript so that the same text runs in process and in the sandbox.
 */
export function lexiconBundle(): string {
  // Each word as a whole-word pattern, as the first-party enricher matches it.
  const patternSources = Object.fromEntries(Object.entries(lexicon).map(([list, words]) =>
    [list, words.map((word) => `\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)]))
  return `
const severityVolatility = { info: 0.05, low: 0.2, medium: 0.5, high: 0.8 }
const patternSources = ${JSON.stringify(patternSources)}
const patterns = {}
for (const [list, sources] of Object.entries(patternSources)) patterns[list] = sources.map((source) => new RegExp(source))
const count = (text, list) => patterns[list].filter((pattern) => pattern.test(text)).length
const round = (value) => Math.round(value * 1000) / 1000
globalThis.adapter = {
  name: 'lexicon-sandboxed',
  process(records) {
    return records.map((signal) => {
      const text = signal.summary.toLowerCase()
      return {
        id: signal.id,
        tenant: signal.tenant,
        vNews: {
          sentiment: round(Math.tanh((count(text, 'positive') - count(text, 'negative')) / 2)),
          volatilityLikelihood: round(Math.min(1, severityVolatility[signal.severity] + 0.15 * count(text, 'volatile'))),
        },
        bCapacity: round(Math.min(1, 0.35 * count(text, 'capacity'))),
        model: ${JSON.stringify(benchModel)},
      }
    })
  },
}
`
}
