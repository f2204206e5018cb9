import type { ItemResult } from '@aether/plugin-api'
import { StageResultCount } from '../errors.js'

/** One input with the result an implementation returned for it. */
export interface Paired<Input, Result> {
  input: Input
  result: Result
}

/**
 * Pairs an implementation's results with its inputs, one for one and in order. A reply that is
 * not an array of exactly one result per input cannot be paired safely, so every input gets the
 * failure `onMismatch` makes from the coded reason: nothing is dropped or given a neighbour's result.
 */
export function pairResults<Input, Result>(
  stage: string,
  inputs: readonly Input[],
  results: unknown,
  onMismatch: (reason: string) => Result,
): Array<Paired<Input, Result>> {
  if (Array.isArray(results) && results.length === inputs.length) {
    return inputs.map((input, index) => ({ input, result: results[index] as Result }))
  }
  const returned = Array.isArray(results) ? `${results.length} results` : `a ${results === null ? 'null' : typeof results} instead of an array`
  const error = new StageResultCount([stage, returned, inputs.length])
  const failure = onMismatch(`${error.code}: ${error.message}`)
  return inputs.map((input) => ({ input, result: failure }))
}

/**
 * An item result as the stage may trust it: the result itself when it is a success, otherwise a
 * failure with its error. A result not of the ItemResult shape at all (a buggy or hostile
 * implementation) is a failure too.
 */
export function settle<T>(result: ItemResult<T> | undefined): ItemResult<T> {
  if (typeof result === 'object' && result !== null && result.isOk === true) return result
  const error = (result as { error?: unknown } | null | undefined)?.error
  return { isOk: false, error: typeof error === 'string' ? error : 'returned a result that is not { isOk, value } or { isOk: false, error }' }
}
