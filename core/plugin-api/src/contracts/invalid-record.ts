import { Type, type Static } from '@sinclair/typebox'
import { Timestamp } from './record-fields.js'

/** Where a validation failure was found, and why. */
export const ValidationIssue = Type.Object({
  path: Type.String(),
  message: Type.String(),
}, { additionalProperties: false })
export type ValidationIssue = Static<typeof ValidationIssue>

/**
 * A record that failed validation, routed to `signals.invalid`. It keeps the original payload
 * exactly as received and says why it was refused; nothing is corrected. A payload storage
 * cannot hold as it is (NUL, lone surrogates, no JSON form, too deep) is kept as JSON text,
 * with `originalEncoding: 'json'`: `JSON.parse(original)` gives it back.
 */
export const InvalidRecord = Type.Object({
  /** Hash of the refusing stage and the original's id (or, without a well-formed id, its content). */
  id: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  tenant: Type.String(),
  contract: Type.Literal('invalid.v1'),
  /** The contract the record claimed, or `unknown`. */
  claimedContract: Type.String(),
  receivedAt: Timestamp,
  /** The stage that refused it, e.g. `validator:contract`. */
  stage: Type.String(),
  reason: Type.String(),
  issues: Type.Array(ValidationIssue),
  original: Type.Unknown(),
  /** Present when `original` is the payload's JSON text rather than the payload. */
  originalEncoding: Type.Optional(Type.Literal('json')),
}, { $id: 'invalid.v1', additionalProperties: false })
export type InvalidRecord = Static<typeof InvalidRecord>
