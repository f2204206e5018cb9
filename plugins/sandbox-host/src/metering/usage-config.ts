import { Type, type Static } from '@sinclair/typebox'

/** How often metered usage is written to storage (it is also written on stop). */
export const UsageConfig = Type.Object({
  flushIntervalMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000 }),
}, { additionalProperties: false, default: {} })
export type UsageConfig = Static<typeof UsageConfig>
