import { Type, type Static } from '@sinclair/typebox'

/** The file formats the replay source reads. */
export const ReplayFormat = Type.Union([
  Type.Literal('gcp-incidents'),
  Type.Literal('aws-status'),
  Type.Literal('gcp-spot-prices'),
  Type.Literal('aws-spot-price-history'),
  Type.Literal('spot-trace'),
])
export type ReplayFormat = Static<typeof ReplayFormat>

/** One file to replay. Trace files need the facts their format does not carry. */
export const ReplayInput = Type.Object({
  format: ReplayFormat,
  /** Relative to the configuration file. */
  path: Type.String({ minLength: 1 }),
  /** spot-trace: time of the first tick (the traces only know the day they started). */
  start: Type.Optional(Type.String({ format: 'date-time' })),
  /** spot-trace: region and zone of the trace, e.g. us-east1 / us-east1-b. */
  region: Type.Optional(Type.String({ minLength: 1 })),
  zone: Type.Optional(Type.String({ minLength: 1 })),
  /** spot-trace: the instance type measured. */
  pool: Type.Optional(Type.String({ minLength: 1 })),
}, { additionalProperties: false })
export type ReplayInput = Static<typeof ReplayInput>

/** Configuration of the sources plugin: named replays, each merging its files in time order. */
export const SourcesConfig = Type.Object({
  replays: Type.Array(Type.Object({
    name: Type.String({ minLength: 1 }),
    inputs: Type.Array(ReplayInput, { minItems: 1 }),
  }, { additionalProperties: false }), { default: [] }),
}, { additionalProperties: false })
export type SourcesConfig = Static<typeof SourcesConfig>
