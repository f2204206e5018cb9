import type { PluginMetrics } from '@aether/plugin-api'
import { Counter, Gauge, type Registry } from 'prom-client'
import { PluginMetricInvalid } from '../errors.js'

/** A plugin's view of the kernel's registry: counters and gauges only, each name once. */
export function pluginMetrics(registry: Registry, plugin: string): PluginMetrics {
  const known = (name: string): unknown => {
    if (!/^aether_[a-z0-9_]+$/.test(name)) throw new PluginMetricInvalid([plugin, name, 'it must match aether_[a-z0-9_]+'])
    return registry.getSingleMetric(name)
  }
  return {
    counter(name, help, labelNames) {
      const metric = known(name)
      if (metric === undefined) return new Counter({ name, help, labelNames: [...labelNames], registers: [registry] })
      if (metric instanceof Counter) return metric
      throw new PluginMetricInvalid([plugin, name, 'a metric of another type has that name'])
    },
    gauge(name, help, labelNames) {
      const metric = known(name)
      if (metric === undefined) return new Gauge({ name, help, labelNames: [...labelNames], registers: [registry] })
      if (metric instanceof Gauge) return metric
      throw new PluginMetricInvalid([plugin, name, 'a metric of another type has that name'])
    },
  }
}
