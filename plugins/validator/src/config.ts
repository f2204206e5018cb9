import { Type, type Static } from '@sinclair/typebox'

/** Configuration of the contract validator. */
export const ValidatorConfig = Type.Object({
  /** Contract ids accepted at the pipeline's entrance; any other contract is routed as invalid. */
  accept: Type.Array(Type.String({ minLength: 1 }), { default: ['signal.v1', 'telemetry.v1'], minItems: 1 }),
}, { additionalProperties: false })
export type ValidatorConfig = Static<typeof ValidatorConfig>
