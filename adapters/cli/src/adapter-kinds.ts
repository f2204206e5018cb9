import { adapterContracts, type AdapterKind } from '@aether/plugin-sandbox-host'

/** One of the adapter kinds, by the word the manifest uses. */
export type AdapterKindName = AdapterKind

/** The kinds, in the order help texts list them; the sandbox host's own list. */
export const adapterKindNames = Object.keys(adapterContracts) as AdapterKindName[]

/** True for a word that names a kind. */
export function isAdapterKind(word: string): word is AdapterKindName {
  return Object.hasOwn(adapterContracts, word)
}

/**
 * The contracts a kind's manifest names, as the host requires them: its one input, and `output`
 * when given (a source chooses signal.v1 or telemetry.v1), else the kind's first output.
 * Returns the problem as a string when `output` is not one the kind may return.
 */
export function kindContracts(kind: AdapterKindName, output?: string): { input: string; output: string } | string {
  const { input, outputs } = adapterContracts[kind]
  const chosen = output ?? outputs[0] as string
  if (!outputs.includes(chosen)) return `a ${kind} returns ${outputs.map((contract) => `"${contract}"`).join(' or ')}, not "${chosen}"`
  return { input, output: chosen }
}

/** Limits a new adapter asks for: room enough for batches of 1,000, well inside the default maxima. */
export const defaultLimits = { timeoutMs: 2_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 }

/** The kernel versions a new adapter declares it runs on. */
export const defaultEngine = '^0.1.0'
