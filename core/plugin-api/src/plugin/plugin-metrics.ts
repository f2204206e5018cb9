/** Label values of one series. */
export type MetricLabels = Readonly<Record<string, string>>

export interface CounterMetric {
  inc(labels: MetricLabels, value?: number): void
}

export interface GaugeMetric {
  set(labels: MetricLabels, value: number): void
}

/**
 * Metrics a plugin reports on the kernel's registry, so they appear on its `/metrics` beside the
 * stages' own. Names must start with `aether_`; asking twice for a name returns the same metric.
 */
export interface PluginMetrics {
  counter(name: string, help: string, labelNames: readonly string[]): CounterMetric
  gauge(name: string, help: string, labelNames: readonly string[]): GaugeMetric
}
