import { Type, type Static } from '@sinclair/typebox'

/** The extension points an adapter can implement, by the word the manifest uses. */
export const AdapterKind = Type.Union([
  Type.Literal('enricher'), Type.Literal('validator'), Type.Literal('forecaster'), Type.Literal('policy'), Type.Literal('source'),
])
export type AdapterKind = Static<typeof AdapterKind>

/** The limits an adapter asks for; each must be within the operator's maxima. */
export const AdapterLimits = Type.Object({
  /** Wall-clock deadline of one call, including work after `await` and the output copy. */
  timeoutMs: Type.Integer({ minimum: 10 }),
  /** The isolate's heap limit; isolated-vm accepts no less than 8. */
  memoryMb: Type.Integer({ minimum: 8 }),
  /** Size cap of one call's serialized output, in UTF-8 bytes. */
  maxOutputBytes: Type.Integer({ minimum: 2 }),
  /** CPU ms the adapter may spend per UTC day, all tenants together; the operator maximum when left out. */
  cpuMsPerDay: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false })
export type AdapterLimits = Static<typeof AdapterLimits>

/**
 * `aether-adapter.json`: what an adapter is, what it may use and the hash of its one bundle.
 * docs/adapter-guide.md describes each field.
 */
export const AdapterManifest = Type.Object({
  kind: AdapterKind,
  /** What pipelines call it (`pipeline.enricher`); also the implementation's name. */
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' }),
  version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' }),
  /** Kernel versions it runs on, a semver range. */
  engine: Type.String({ minLength: 1, maxLength: 100 }),
  /** The bundle, a path inside the adapter folder. */
  entry: Type.String({ minLength: 1, maxLength: 200 }),
  /** Capabilities requested: `fetch:<host>[:<port>]` per host, `kv` (capabilities/grants.ts); the operator grants them. */
  capabilities: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 }),
  limits: AdapterLimits,
  /** JSON Schema of the adapter's configuration. Not passed to adapters yet. */
  configSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** Contract ids of what it reads and what it returns. */
  input: Type.String({ minLength: 1, maxLength: 100 }),
  output: Type.String({ minLength: 1, maxLength: 100 }),
  /** sha512 of the bundle file, lowercase hex. */
  sha512: Type.String({ pattern: '^[0-9a-f]{128}$' }),
}, { additionalProperties: false })
export type AdapterManifest = Static<typeof AdapterManifest>

/** The contracts an enricher adapter reads and returns; a manifest naming others is refused. */
export const enricherContracts = { input: 'signal.v1', output: 'enrichment.v1' } as const

/**
 * What each kind reads and may return, as the manifest's `input` and `output` must name them.
 * `raw-record`, `forecast-input.v1`, `verdict.v1` and `cursor.v1` are not record contracts of
 * the kernel but the fixed shapes docs/adapter-guide.md describes; a source returns drafts of
 * the one record contract its manifest names.
 */
export const adapterContracts: Readonly<Record<AdapterKind, { input: string; outputs: readonly string[] }>> = {
  enricher: { input: enricherContracts.input, outputs: [enricherContracts.output] },
  validator: { input: 'raw-record', outputs: ['verdict.v1'] },
  forecaster: { input: 'forecast-input.v1', outputs: ['forecast.v1'] },
  policy: { input: 'forecast.v1', outputs: ['decision.v1'] },
  source: { input: 'cursor.v1', outputs: ['signal.v1', 'telemetry.v1'] },
}
