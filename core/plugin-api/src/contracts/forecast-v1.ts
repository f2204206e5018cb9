import { Type, type Static } from '@sinclair/typebox'
import { recordHeader, Timestamp } from './record-fields.js'

/** P(preemption) for one pool over a horizon, with the features that produced it. */
export const ForecastV1 = Type.Object({
  ...recordHeader('forecast.v1'),
  /** The time the forecast is made for (the last telemetry it saw). */
  timestamp: Timestamp,
  region: Type.String({ minLength: 1, maxLength: 100 }),
  zone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  pool: Type.String({ minLength: 1, maxLength: 100 }),
  horizonMinutes: Type.Integer({ minimum: 1 }),
  probability: Type.Number({ minimum: 0, maximum: 1 }),
  /** The model and its version, e.g. `heuristic-baseline@1`. */
  model: Type.String({ minLength: 1, maxLength: 100 }),
  features: Type.Record(Type.String(), Type.Number()),
}, { $id: 'forecast.v1', additionalProperties: false })
export type ForecastV1 = Static<typeof ForecastV1>
