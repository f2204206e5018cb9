import type { Forecast, ForecastInput, Forecaster, ItemResult, Logger, PluginMetrics, StageContext, TelemetryV1 } from '@aether/plugin-api'
import { LifecycleVersionUnknown } from '../errors.js'
import { canaryBucket } from './canary-bucket.js'
import { parseLifecycleConfig, type LifecycleConfig, type LifecycleVersion } from './lifecycle-config.js'
import { LifecycleMetrics } from './lifecycle-metrics.js'
import { LifecycleStages, type StageSeen } from './lifecycle-stages.js'
import type { LifecycleEvent, LifecycleStateStore } from './lifecycle-state.js'
import { canary, promotion, rollback } from './lifecycle-transitions.js'
import { LiveScores, type VersionScores } from './live-scores.js'
import { OutcomeTracker } from './outcome-tracker.js'

/** What the lifecycle needs besides its configuration. */
export interface LifecycleDependencies {
  /** The forecaster of each configured version, by version name. */
  forecasters: Readonly<Record<string, Forecaster>>
  logger: Logger
  /** Per-version error, latency, stage and rollback metrics, when given. */
  metrics?: PluginMetrics
  /** The clock events are stamped with. */
  now?: () => Date
}

/**
 * Runs model versions side by side on live traffic. Every batch goes through every active
 * version; the promoted one answers, except for tenants in a challenger's canary share, who get
 * the challenger's answer. Shadows never answer. Each non-answering probability is kept in the
 * forecast as `shadow:<version>`, and every version is scored on the same outcomes once the
 * pool's telemetry shows them: in the telemetry of later batches, or fed with
 * {@link ModelLifecycle.observeTelemetry}. A challenger whose live
 * Brier score exceeds the promoted one's by `brierMargin`, or whose p99 latency exceeds
 * `maxP99LatencyMs`, is rolled back at once; promotion is only ever {@link ModelLifecycle.promote}.
 * With a state store {@link ModelLifecycle.attach}ed, stages survive restarts and are shared by
 * every process of the pipeline: {@link ModelLifecycle.watch} re-reads them when their revision moves.
 *
 * @example
 * const lifecycle = ModelLifecycle.create({ versions: [{ version: 'tsmixer@1', stage: 'promoted' },
 *   { version: 'tsmixer@2', stage: 'challenger', canaryShare: 0.1 }] }, { forecasters, logger })
 * const results = await lifecycle.forecastBatch(inputs, context)
 * lifecycle.observeTelemetry(laterTelemetry)
 */
export class ModelLifecycle implements Forecaster {
  /** Named as the forecaster it stands in for, so pipelines that name `tsmixer` keep working. */
  readonly name = 'tsmixer'
  readonly #stages: LifecycleStages
  readonly #scores = new Map<string, LiveScores>()
  readonly #outcomes: OutcomeTracker
  readonly #metrics: LifecycleMetrics | undefined

  private constructor(private readonly config: LifecycleConfig, private readonly deps: LifecycleDependencies) {
    for (const entry of config.versions) {
      if (deps.forecasters[entry.version] === undefined) throw new LifecycleVersionUnknown([entry.version, Object.keys(deps.forecasters)])
      this.#scores.set(entry.version, new LiveScores(entry.version, config.windowSize))
    }
    this.#stages = new LifecycleStages(config.versions, { moved: (event) => this.#moved(event), seen: (change, revision) => this.#seen(change, revision) },
      deps.logger, deps.now ?? (() => new Date()))
    this.#outcomes = new OutcomeTracker(config.maxPending)
    this.#metrics = deps.metrics === undefined ? undefined : new LifecycleMetrics(deps.metrics)
    for (const entry of this.#stages.versions) this.#metrics?.stage(entry.version, entry.stage)
  }

  /** Checks the configuration (defaults applied) and that every version has a forecaster. Stages live in memory until {@link attach}. */
  static create(config: unknown, deps: LifecycleDependencies): ModelLifecycle {
    return new ModelLifecycle(parseLifecycleConfig(config), deps)
  }

  /** Keeps the stages in `state` from now on; its saved stages win over the configured ones. */
  async attach(state: LifecycleStateStore): Promise<void> {
    const configured = this.versions
    await this.#stages.attach(state)
    for (const entry of this.#stages.versions) {
      const before = configured.find((old) => old.version === entry.version)?.stage
      this.#metrics?.stage(entry.version, entry.stage, before === entry.stage ? undefined : before)
    }
  }

  /** Reads the saved stages again if another writer changed them; true when it had. */
  refresh(): Promise<boolean> {
    return this.#stages.refresh()
  }

  /**
   * Re-reads the saved stages every `intervalMs` (a change made elsewhere applies within about
   * that long); returns the function that stops it. A failed read is logged and tried again.
   */
  watch(intervalMs: number): () => Promise<void> {
    return this.#stages.watch(intervalMs)
  }

  /** Waits for stage changes still being saved (an automatic rollback saves in the background). */
  settled(): Promise<void> {
    return this.#stages.settled()
  }

  /** The versions and their current stages. */
  get versions(): readonly LifecycleVersion[] {
    return this.#stages.versions.map((entry) => ({ ...entry }))
  }

  /** Where the stages are saved (a state file, the pipeline's storage), if anywhere. */
  get stateDescription(): string | undefined {
    return this.#stages.stateDescription
  }

  /** The revision of the saved stages this lifecycle last read or wrote. */
  get revision(): number {
    return this.#stages.revision
  }

  /** Every stage change so far, oldest first. */
  get events(): readonly LifecycleEvent[] {
    return [...this.#stages.events]
  }

  /** Each version's live scores over its window. */
  scores(): VersionScores[] {
    return this.#stages.versions.map((entry) => (this.#scores.get(entry.version) as LiveScores).scores())
  }

  /** The version that answers this tenant: a challenger when the tenant's bucket is in its share, else the promoted one. */
  versionFor(tenant: string): string {
    const bucket = canaryBucket(tenant)
    let start = 0
    for (const entry of this.#stages.versions) {
      if (entry.stage !== 'challenger') continue
      const end = start + (entry.canaryShare ?? 0)
      if (bucket >= start && bucket < end) return entry.version
      start = end
    }
    return this.#promoted.version
  }

  async forecastBatch(inputs: ForecastInput[], context: StageContext): Promise<Array<ItemResult<Forecast>>> {
    // A pool's later batches carry the telemetry that settles its earlier forecasts.
    this.observeTelemetry(inputs.flatMap((input) => input.telemetry))
    const active = this.#stages.versions.filter((entry) => entry.stage === 'promoted' || entry.stage === 'challenger' || entry.stage === 'shadow')
    const byVersion = new Map<string, Array<ItemResult<Forecast>>>()
    // One after another, so each version's latency is its own and not its neighbours' share of the CPU.
    for (const entry of active) {
      const started = performance.now()
      const results = await (this.deps.forecasters[entry.version] as Forecaster).forecastBatch(inputs, context)
      const elapsedMs = performance.now() - started
      if (results.length !== inputs.length) {
        context.logger.warn({ version: entry.version, inputs: inputs.length, results: results.length }, 'model version returned a result count unlike its inputs; its results are ignored')
        continue
      }
      byVersion.set(entry.version, results)
      const scores = this.#scores.get(entry.version) as LiveScores
      scores.addLatency(elapsedMs)
      this.#metrics?.scores(scores.scores())
    }
    for (const entry of active) if (entry.stage === 'challenger') this.#judgeLatency(entry)
    // Routed after judging, so a challenger rolled back by this very batch does not answer it.
    const routed = this.versionFor(context.tenant)
    const answeredBy = byVersion.has(routed) ? routed : this.#promoted.version
    const answer = byVersion.get(answeredBy)
    if (answer === undefined) return inputs.map(() => ({ isOk: false, error: `model version ${answeredBy} returned no usable results for this batch` }))
    return inputs.map((input, index) => this.#combine(input, index, answeredBy, answer, byVersion))
  }

  /** Feeds later telemetry: forecasts whose horizon it settles are scored for every version, and challengers judged. */
  observeTelemetry(telemetry: readonly TelemetryV1[]): void {
    const resolved = this.#outcomes.observe(telemetry)
    if (resolved.length === 0) return
    for (const { forecast, outcome } of resolved) {
      for (const [version, probability] of forecast.probabilities) this.#scores.get(version)?.addOutcome(probability, outcome)
    }
    for (const score of this.scores()) this.#metrics?.scores(score)
    for (const entry of this.#stages.versions) if (entry.stage === 'challenger') this.#judgeError(entry)
  }

  /** Operator action: the challenger becomes the promoted version; the old one is retired. Saved before it applies. */
  promote(version: string): Promise<void> {
    return this.#stages.change(promotion(version))
  }

  /** Operator action: a shadow (or a rolled-back version, after a fix) answers this share of tenants. */
  startCanary(version: string, canaryShare: number): Promise<void> {
    return this.#stages.change(canary(version, canaryShare))
  }

  /** Operator action: a challenger stops answering its canary share (its tenants get the promoted version). */
  rollBack(version: string): Promise<void> {
    return this.#stages.change(rollback(version, 'operator', 'rolled back by the operator'))
  }

  /** Forecasts still waiting for their outcome. */
  get pendingOutcomes(): number {
    return this.#outcomes.pendingCount
  }

  #combine(input: ForecastInput, index: number, answeredBy: string, answer: Array<ItemResult<Forecast>>, byVersion: Map<string, Array<ItemResult<Forecast>>>): ItemResult<Forecast> {
    const result = answer[index] as ItemResult<Forecast>
    if (!result.isOk) return result
    const probabilities = new Map<string, number>()
    const shadows: Record<string, number> = {}
    for (const [version, results] of byVersion) {
      const own = results[index]
      if (own?.isOk !== true) continue
      probabilities.set(version, own.value.probability)
      if (version !== answeredBy) shadows[`shadow:${version}`] = own.value.probability
    }
    this.#outcomes.add({ region: input.region, zone: input.zone, pool: input.pool, asOfMs: Date.parse(input.asOf), horizonMinutes: result.value.horizonMinutes, probabilities })
    // The version's own model answered (its gate passed): name the version, not the file's model.
    const model = result.value.features['gate:passed'] === 1 ? answeredBy : result.value.model
    const canary: Record<string, number> = answeredBy === this.#promoted.version ? {} : { 'lifecycle:canary': 1 }
    return { isOk: true, value: { ...result.value, model, features: { ...result.value.features, ...shadows, ...canary } } }
  }

  #judgeLatency(entry: LifecycleVersion): void {
    const own = (this.#scores.get(entry.version) as LiveScores).scores()
    if (own.batches < this.config.minBatches || !(own.p99LatencyMs > this.config.maxP99LatencyMs)) return
    this.#stages.applyNow(rollback(entry.version, 'latency', `p99 batch latency ${own.p99LatencyMs.toFixed(1)} ms over ${own.batches} batches exceeds ${this.config.maxP99LatencyMs} ms`))
  }

  #judgeError(entry: LifecycleVersion): void {
    const own = (this.#scores.get(entry.version) as LiveScores).scores()
    const promoted = (this.#scores.get(this.#promoted.version) as LiveScores).scores()
    if (own.outcomes < this.config.minOutcomes || promoted.outcomes < this.config.minOutcomes) return
    if (!(own.brier > promoted.brier + this.config.brierMargin)) return
    this.#stages.applyNow(rollback(entry.version, 'error', `live Brier ${own.brier.toFixed(4)} over ${own.outcomes} outcomes exceeds ${this.#promoted.version}'s ${promoted.brier.toFixed(4)} by more than ${this.config.brierMargin}`))
  }

  #moved(event: LifecycleEvent): void {
    // A fresh window: a version back from a rollback is judged on its new traffic, not its old failure.
    if (event.to === 'challenger') this.#scores.set(event.version, new LiveScores(event.version, this.config.windowSize))
    this.#metrics?.stage(event.version, event.to, event.from)
    if (event.to === 'rolled-back') {
      this.#metrics?.rollback(event.version, event.reason)
      this.deps.logger.warn(event, event.reason === 'operator' ? 'model version rolled back by the operator; its canary tenants get the promoted version again'
        : 'model version rolled back automatically; its canary tenants get the promoted version again')
    } else {
      this.deps.logger.info(event, 'model version changed stage')
    }
  }

  #seen(change: StageSeen, revision: number): void {
    if (change.to === 'challenger') this.#scores.set(change.version, new LiveScores(change.version, this.config.windowSize))
    this.#metrics?.stage(change.version, change.to, change.from)
    const fields = { ...change, revision, state: this.stateDescription }
    if (change.to === 'rolled-back') this.deps.logger.warn(fields, 'model version rolled back elsewhere; picked up from the saved stages, its canary tenants get the promoted version again')
    else this.deps.logger.info(fields, 'model version stage change picked up from the saved stages')
  }

  get #promoted(): LifecycleVersion {
    return this.#stages.versions.find((entry) => entry.stage === 'promoted') as LifecycleVersion
  }
}
