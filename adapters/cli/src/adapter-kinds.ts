/**
 * The kinds of adapter, by the word the manifest uses, and the contracts each reads and returns.
 * Only the enricher's are the sandbox host's today; the others follow docs/adapter-guide.md.
 */
export const adapterKinds = {
  enricher: { input: 'signal.v1', output: 'enrichment.v1' },
  validator: { input: 'signal.v1', output: 'verdict.v1' },
  forecaster: { input: 'forecast-input.v1', output: 'forecast.v1' },
  policy: { input: 'forecast.v1', output: 'decision.v1' },
  source: { input: 'cursor.v1', output: 'signal.v1' },
} as const

/** One of the adapter kinds. */
export type AdapterKindName = keyof typeof adapterKinds

/** The kinds, in the order help texts list them. */
export const adapterKindNames = Object.keys(adapterKinds) as AdapterKindName[]

/** True for a word that names a kind. */
export function isAdapterKind(word: string): word is AdapterKindName {
  return Object.hasOwn(adapterKinds, word)
}

/** Limits a new adapter asks for: room enough for batches of 1,000, well inside the default maxima. */
export const defaultLimits = { timeoutMs: 2_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 }

/** The kernel versions a new adapter declares it runs on. */
export const defaultEngine = '^0.1.0'
