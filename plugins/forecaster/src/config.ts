import { Type, type Static } from '@sinclair/typebox'

/** Configuration of the heuristic baseline forecaster. */
export const HeuristicForecasterConfig = Type.Object({
  horizonMinutes: Type.Integer({ minimum: 1, default: 60 }),
  /** Half-life of a signal's weight, in hours. */
  signalHalfLifeHours: Type.Number({ exclusiveMinimum: 0, default: 6 }),
}, { additionalProperties: false })
export type HeuristicForecasterConfig = Static<typeof HeuristicForecasterConfig>
