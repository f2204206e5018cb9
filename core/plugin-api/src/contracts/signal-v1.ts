import { Type, type Static } from '@sinclair/typebox'
import { recordHeader, Timestamp } from './record-fields.js'

/** One severity scale for every provider; docs/architecture.md gives the mapping per source. */
export const Severity = Type.Union([
  Type.Literal('info'), Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'),
])
export type Severity = Static<typeof Severity>

/** An external event that may affect capacity: a provider status incident, for example. */
export const SignalV1 = Type.Object({
  ...recordHeader('signal.v1'),
  timestamp: Timestamp,
  /** Region id such as `us-central1`, or `global`. */
  region: Type.String({ minLength: 1, maxLength: 100 }),
  severity: Severity,
  summary: Type.String({ minLength: 1, maxLength: 2000 }),
  provider: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  endTimestamp: Type.Optional(Timestamp),
}, { $id: 'signal.v1', additionalProperties: false })
export type SignalV1 = Static<typeof SignalV1>
