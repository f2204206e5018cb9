import type { CounterMetric, GaugeMetric, PluginMetrics } from '@aether/plugin-api'
import type { LifecycleStage } from './lifecycle-config.js'
import type { VersionScores } from './live-scores.js'

/** The lifecycle's Prometheus series, labelled by model version. */
export class LifecycleMetrics {
  readonly #brier: GaugeMetric
  readonly #logLoss: GaugeMetric
  readonly #outcomes: GaugeMetric
  readonly #p99: GaugeMetric
  readonly #stage: GaugeMetric
  readonly #rollbacks: CounterMetric

  constructor(metrics: PluginMetrics) {
    this.#brier = metrics.gauge('aether_forecaster_version_brier', 'Live Brier score of a model version over its sliding window', ['version'])
    this.#logLoss = metrics.gauge('aether_forecaster_version_log_loss', 'Live log loss of a model version over its sliding window', ['version'])
    this.#outcomes = metrics.gauge('aether_forecaster_version_outcomes', 'Measured outcomes in a model version\'s sliding window', ['version'])
    this.#p99 = metrics.gauge('aether_forecaster_version_latency_p99_ms', 'p99 batch wall time of a model version over its sliding window', ['version'])
    this.#stage = metrics.gauge('aether_forecaster_version_stage', '1 for the stage a model version is in, 0 for stages it left', ['version', 'stage'])
    this.#rollbacks = metrics.counter('aether_forecaster_version_rollbacks_total', 'Automatic rollbacks of a challenger, by reason', ['version', 'reason'])
  }

  scores(scores: VersionScores): void {
    const labels = { version: scores.version }
    if (scores.outcomes > 0) {
      this.#brier.set(labels, scores.brier)
      this.#logLoss.set(labels, scores.logLoss)
    }
    this.#outcomes.set(labels, scores.outcomes)
    if (scores.batches > 0) this.#p99.set(labels, scores.p99LatencyMs)
  }

  stage(version: string, stage: LifecycleStage, from?: LifecycleStage): void {
    if (from !== undefined) this.#stage.set({ version, stage: from }, 0)
    this.#stage.set({ version, stage }, 1)
  }

  rollback(version: string, reason: string): void {
    this.#rollbacks.inc({ version, reason })
  }
}
