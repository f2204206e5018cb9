import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { LifecycleConfigInvalid } from '../errors.js'

/** Where a model version stands: answering everyone, answering a canary share, or only watched. */
export const LifecycleStage = Type.Union([
  Type.Literal('promoted'), Type.Literal('challenger'), Type.Literal('shadow'), Type.Literal('rolled-back'), Type.Literal('retired'),
])
export type LifecycleStage = Static<typeof LifecycleStage>

/** One model version and its stage; a challenger answers the tenants whose canary bucket falls in its share. */
export const LifecycleVersion = Type.Object({
  /** The version name forecasts carry in `model` when this version answered, e.g. `tsmixer@2`. */
  version: Type.String({ minLength: 1, maxLength: 100 }),
  stage: LifecycleStage,
  /** The ONNX file (its card beside it) when the plugin builds this version; default: the bundled model. */
  model: Type.Optional(Type.String({ minLength: 1 })),
  /** Share of tenants (0..1) a challenger answers; required for challengers, ignored otherwise. */
  canaryShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
}, { additionalProperties: false })
export type LifecycleVersion = Static<typeof LifecycleVersion>

/** Configuration of the model lifecycle: the versions and the live rollback thresholds. */
export const LifecycleConfig = Type.Object({
  versions: Type.Array(LifecycleVersion, { minItems: 1 }),
  /** Resolved outcomes (and batch latencies) kept per version for its live scores. */
  windowSize: Type.Integer({ minimum: 1, default: 500 }),
  /** A challenger is judged on error only once it and the promoted version have this many outcomes in the window. */
  minOutcomes: Type.Integer({ minimum: 1, default: 100 }),
  /** A challenger rolls back when its live Brier score exceeds the promoted version's by more than this. */
  brierMargin: Type.Number({ minimum: 0, default: 0.02 }),
  /** A challenger rolls back when its p99 batch latency over the window exceeds this. */
  maxP99LatencyMs: Type.Number({ exclusiveMinimum: 0, default: 1000 }),
  /** A challenger is judged on latency only once it has this many batches in the window. */
  minBatches: Type.Integer({ minimum: 1, default: 20 }),
  /**
   * A JSON file keeping stages and stage changes across restarts when the pipeline has no SQL
   * storage (with one, they are kept there and this is ignored); with neither, they live in memory only.
   */
  stateFile: Type.Optional(Type.String({ minLength: 1 })),
  /** How often a running pipeline re-reads the saved stages' revision: a change made elsewhere applies within about this long. */
  refreshMs: Type.Integer({ minimum: 10, default: 5_000 }),
  /** Forecasts awaiting their outcome, at most; the oldest are dropped beyond it (bounded memory). */
  maxPending: Type.Integer({ minimum: 1, default: 50_000 }),
}, { additionalProperties: false })
export type LifecycleConfig = Static<typeof LifecycleConfig>

/** The configuration with defaults applied, checked: exactly one promoted version, unique names, challengers' shares summing to at most 1. */
export function parseLifecycleConfig(input: unknown): LifecycleConfig {
  const config = Value.Default(LifecycleConfig, Value.Clone(input))
  const first = Value.Errors(LifecycleConfig, config).First()
  if (first !== undefined) throw new LifecycleConfigInvalid([`${first.path || '/'} ${first.message}`])
  const parsed = config as LifecycleConfig
  checkStages(parsed.versions)
  return parsed
}

/** Throws when the versions' stages break the lifecycle's invariants. */
export function checkStages(versions: readonly LifecycleVersion[]): void {
  const names = new Set<string>()
  for (const entry of versions) {
    if (names.has(entry.version)) throw new LifecycleConfigInvalid([`version "${entry.version}" is listed twice`])
    names.add(entry.version)
    if (entry.stage === 'challenger' && entry.canaryShare === undefined) {
      throw new LifecycleConfigInvalid([`challenger "${entry.version}" has no canaryShare`])
    }
  }
  const promoted = versions.filter((entry) => entry.stage === 'promoted')
  if (promoted.length !== 1) throw new LifecycleConfigInvalid([`${promoted.length} versions are promoted, exactly one must be`])
  const share = versions.filter((entry) => entry.stage === 'challenger').reduce((sum, entry) => sum + (entry.canaryShare ?? 0), 0)
  if (share > 1 + 1e-9) throw new LifecycleConfigInvalid([`the challengers' canary shares add up to ${share}, more than 1`])
}
