import type { ValidationIssue } from './invalid-record.js'

// PostgreSQL text and jsonb hold any Unicode text except NUL, and UTF-8 cannot encode a lone
// surrogate (JavaScript strings can hold one). Either fails a whole write with SQLSTATE 22P05 or
// 22021, so records are checked for them before they are called valid.
const unstorableCharacter = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Deeper values are kept as JSON text: PostgreSQL's JSON parser stops at its stack depth. */
export const maxStorableDepth = 100

/** True when PostgreSQL text can hold `text` as it is. */
export function isStorableText(text: string): boolean {
  return !unstorableCharacter.test(text)
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
 * NUL or a lone surrogate, a number JSON has no form for (NaN, Infinity), or nesting deeper than
 * `maxStorableDepth`. Returns undefined when the whole value is storable.
 */
export function findUnstorable(value: unknown, path = '', depth = 0): ValidationIssue | undefined {
  if (typeof value === 'string') {
    return isStorableText(value) ? undefined : { path: path || '/', message: 'Text holds NUL or a lone surrogate, which storage cannot hold' }
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { path: path || '/', message: `${value} has no JSON form` }
  }
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
    return { path: path || '/', message: `A ${typeof value} has no JSON form` }
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (depth >= maxStorableDepth) return { path: path || '/', message: `Nested deeper than ${maxStorableDepth} levels` }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findUnstorable(value[index], `${path}/${index}`, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const key of Object.keys(value)) {
    const keyPath = `${path}/${storableText(key)}`
    if (!isStorableText(key)) return { path: keyPath, message: 'Key holds NUL or a lone surrogate, which storage cannot hold' }
    const found = findUnstorable((value as Record<string, unknown>)[key], keyPath, depth + 1)
    if (found !== undefined) return found
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
