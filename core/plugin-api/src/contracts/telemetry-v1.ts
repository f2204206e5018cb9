import { Type, type Static } from '@sinclair/typebox'
import { recordHeader, Timestamp } from './record-fields.js'

/** One numeric sample about a capacity pool: a spot price, or how many instances were available. */
export const TelemetryV1 = Type.Object({
  ...recordHeader('telemetry.v1'),
  timestamp: Timestamp,
  region: Type.String({ minLength: 1, maxLength: 100 }),
  zone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** The capacity pool, usually an instance or machine type. */
  pool: Type.String({ minLength: 1, maxLength: 100 }),
  /** What was measured, e.g. `spot_price_usd_hour` or `spot_available`. */
  metric: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  value: Type.Number(),
}, { $id: 'telemetry.v1', additionalProperties: false })
export type TelemetryV1 = Static<typeof TelemetryV1>
