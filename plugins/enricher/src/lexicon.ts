/**
 * Word lists of the lexicon enricher, chosen from the wording of public cloud status posts.
 * Each entry is a lower-case word or phrase searched as a whole word.
 */
export const lexicon = {
  /** Words of things going wrong. */
  negative: ['outage', 'disruption', 'degraded', 'degradation', 'errors', 'error rates', 'failures', 'failing',
    'unavailable', 'unable', 'impacted', 'impact', 'elevated', 'increased latency', 'loss', 'issue', 'incident', 'down'],
  /** Words of things getting better. */
  positive: ['resolved', 'restored', 'recovered', 'mitigated', 'fixed', 'normal', 'operating normally', 'no longer'],
  /** Words that say the situation may move fast. */
  volatile: ['intermittent', 'multiple', 'ongoing', 'investigating', 'widespread', 'cascading', 'elevated', 'spike'],
  /** Words about capacity itself. */
  capacity: ['capacity', 'stockout', 'quota', 'resource exhaustion', 'insufficient', 'provisioning', 'create instances',
    'instance creation', 'vm creation', 'preemption', 'preemptible', 'spot', 'allocation', 'scheduling', 'autoscaling'],
} as const

// Each word's pattern, compiled once: building ~50 regular expressions per signal was most of
// the enricher's time.
const wholeWord = new Map<string, RegExp>()

function wholeWordPattern(word: string): RegExp {
  let pattern = wholeWord.get(word)
  if (pattern === undefined) {
    pattern = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)
    wholeWord.set(word, pattern)
  }
  return pattern
}

/** How many of `words` occur in `text` as whole words. */
export function countMatches(text: string, words: readonly string[]): number {
  const lower = text.toLowerCase()
  return words.filter((word) => wholeWordPattern(word).test(lower)).length
}
