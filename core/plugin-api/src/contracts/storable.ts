import type { ValidationIssue } from './invalid-record.js'

// PostgreSQL text and jsonb hold any Unicode text except NUL, and UTF-8 cannot encode a lone
// surrogate (JavaScript strings can hold one). Either fails a whole write with SQLSTATE 22P05 or
// 22021, so records are checked for them before they are called valid.
const unstorableCharacter = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// Nearly all text has neither NUL nor any surrogate: this cheaper test settles it.
const nulOrSurrogate = /[\u0000\uD800-\uDFFF]/

/** Deeper values are kept as JSON text: PostgreSQL's JSON parser stops at its stack depth. */
export const maxStorableDepth = 100

/** True when PostgreSQL text can hold `text` as it is. */
export function isStorableText(text: string): boolean {
  return !nulOrSurrogate.test(text) || !unstorableCharacter.test(text)
}

/**
 * `text` with NUL and lone surrogates written as `\u0000`-style escapes, for the descriptive
 * fields of an invalid record (reasons, paths, claimed contract); the payload itself is kept exactly.
 */
export function storableText(text: string): string {
  if (isStorableText(text)) return text
  return text.replace(new RegExp(unstorableCharacter, 'g'), (character) =>
    `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * The first place in a JSON-like value that storage cannot hold as it is: a string or key with
 * NUL or a lone surrogate, a value JSON has no form for (NaN, Infinity, a bigint), or nesting
 * deeper than `maxStorableDepth`. Returns undefined when the whole value is storable.
 */
export function findUnstorable(value: unknown): ValidationIssue | undefined {
  // Every valid record is checked, so the walk builds no paths until it finds something.
  const path: string[] = []
  const message = unstorableIn(value, path, 0)
  return message === undefined ? undefined : { path: path.length === 0 ? '/' : `/${path.reverse().join('/')}`, message }
}

/** Why `value` cannot be stored, with `path` filled in (innermost first), or undefined. */
function unstorableIn(value: unknown, path: string[], depth: number): string | undefined {
  switch (typeof value) {
    case 'string': return isStorableText(value) ? undefined : 'Text holds NUL or a lone surrogate, which storage cannot hold'
    case 'number': return Number.isFinite(value) ? undefined : `${value} has no JSON form`
    case 'bigint': case 'function': case 'symbol': return `A ${typeof value} has no JSON form`
    case 'object': break
    default: return undefined
  }
  if (value === null) return undefined
  if (depth >= maxStorableDepth) return `Nested deeper than ${maxStorableDepth} levels`
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const message = unstorableIn(value[index], path, depth + 1)
      if (message !== undefined) {
        path.push(String(index))
        return message
      }
    }
    return undefined
  }
  for (const key of Object.keys(value)) {
    const message = isStorableText(key)
      ? unstorableIn((value as Record<string, unknown>)[key], path, depth + 1)
      : 'Key holds NUL or a lone surrogate, which storage cannot hold'
    if (message !== undefined) {
      path.push(storableText(key))
      return message
    }
  }
  return undefined
}

/**
 * JSON text for any value, in characters storage always holds: `JSON.stringify` escapes NUL and
 * lone surrogates, and numbers without a JSON form become the strings "NaN", "Infinity",
 * "-Infinity" or the digits of a bigint (JSON would make them null or fail, losing the fact).
 */
export function toStorableJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) =>
      (typeof item === 'number' && !Number.isFinite(item)) || typeof item === 'bigint' ? String(item) : item) ?? 'null'
  } catch (error) {
    // A cycle or a nesting too deep for the engine: no JSON text exists, so say what happened.
    return JSON.stringify(`[no JSON form: ${error instanceof Error ? error.message : String(error)}]`)
  }
}
