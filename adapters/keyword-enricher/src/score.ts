import { capacityTerms, severityPrior, toneTerms, volatileTerms } from './lexicon.js'

/** The features this adapter computes for one signal. */
export interface KeywordScores {
  sentiment: number
  volatilityLikelihood: number
  bCapacity: number
}

/** The words of a summary, lower case, each once. */
export function wordsOf(summary: string): Set<string> {
  return new Set(summary.toLowerCase().split(/[^a-z0-9-]+/).filter((word) => word !== ''))
}

/**
 * Scores a summary: `bCapacity` combines capacity words as independent evidence
 * (1 − Π(1 − w)), so two weak words count for less than one strong one; `sentiment` is the
 * summed tone squashed by tanh; `volatilityLikelihood` is the severity's prior plus volatile
 * words, halved when the post says the issue is resolved or mitigated. Rounded to 3 decimals.
 */
export function scoreSummary(summary: string, severity: string): KeywordScores {
  const words = wordsOf(summary)
  let noCapacity = 1
  let tone = 0
  let volatility = severityPrior[severity] ?? severityPrior.low ?? 0
  let isRecovering = false
  for (const word of words) {
    noCapacity *= 1 - (capacityTerms[word] ?? 0)
    const wordTone = toneTerms[word] ?? 0
    tone += wordTone
    if (wordTone >= 0.5) isRecovering = true
    volatility += volatileTerms[word] ?? 0
  }
  if (isRecovering) volatility /= 2
  return {
    sentiment: round(Math.tanh(tone)),
    volatilityLikelihood: round(Math.min(1, volatility)),
    bCapacity: round(1 - noCapacity),
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
