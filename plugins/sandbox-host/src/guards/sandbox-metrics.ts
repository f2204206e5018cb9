import type { CounterMetric, GaugeMetric, PluginMetrics } from '@aether/plugin-api'
import type { BreakerState } from './circuit-breaker.js'

/** The gauge's value per breaker state. */
export const breakerStateValue: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 }

/** The sandbox host's metrics on the kernel's `/metrics`. */
export interface SandboxMetrics {
  /** 0 closed, 1 half-open, 2 open. */
  breakerState: GaugeMetric
  /** Calls that reached the sandbox, by outcome: `ok` or the failure code. */
  calls: CounterMetric
  /** Calls the guards refused, by code. */
  refused: CounterMetric
  cpuSeconds: CounterMetric
}

export function sandboxMetrics(metrics: PluginMetrics): SandboxMetrics {
  return {
    breakerState: metrics.gauge('aether_sandbox_breaker_state', 'Circuit breaker state per adapter: 0 closed, 1 half-open, 2 open', ['adapter']),
    calls: metrics.counter('aether_sandbox_calls_total', 'Adapter calls that ran in the sandbox, by outcome (ok or the failure code)', ['adapter', 'outcome']),
    refused: metrics.counter('aether_sandbox_calls_refused_total', 'Adapter calls refused without running (open breaker, spent CPU budget), by code', ['adapter', 'code']),
    cpuSeconds: metrics.counter('aether_sandbox_cpu_seconds_total', 'CPU time adapters spent in their isolates', ['adapter']),
  }
}
