import type { AdapterContext } from './adapter-context.js'
import type { MaybePromise } from './keyed.js'

/** What a kind does with an input that breaks its contract: undefined to pass it on, or the output that refuses it. */
export type InputGuard<In, Out> = (input: In) => Out | undefined

/** The interface every batch adapter bundle exposes as `globalThis.adapter`. */
export interface BatchAdapter<In, Out> {
  readonly name: string
  process(records: In[], ctx: AdapterContext): MaybePromise<Out[]>
}

/**
 * Checks a definition as far as can be done before the sandbox runs it, so a typo fails in the
 * author's build rather than as a contract violation at the first batch.
 */
export function batchAdapter<In, Out>(kind: string, definition: BatchAdapter<In, Out>, guard?: InputGuard<In, Out>): BatchAdapter<In, Out> {
  checkName(kind, definition.name)
  if (typeof definition.process !== 'function') throw new TypeError(`${kind} "${definition.name}" needs a process(records, ctx) function`)
  const { process } = definition
  if (guard === undefined) return Object.freeze({ name: definition.name, process })
  return Object.freeze({
    name: definition.name,
    // Inputs that break the kind's contract are answered here; the author's process sees the rest,
    // and its outputs go back in their inputs' places.
    async process(records: In[], ctx: AdapterContext): Promise<Out[]> {
      const refusals = records.map((record) => guard(record))
      const accepted = records.filter((_, index) => refusals[index] === undefined)
      const outputs = accepted.length === 0 ? [] : await process(accepted, ctx)
      let next = 0
      return refusals.map((refusal) => refusal ?? (outputs[next++] as Out))
    },
  })
}

/** Names follow the manifest's rule, since pipelines refer to adapters by them. */
export function checkName(kind: string, name: unknown): void {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(name)) {
    throw new TypeError(`${kind} name ${JSON.stringify(name)} must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit`)
  }
}
