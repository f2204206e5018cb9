import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { pluginMetrics } from './plugin-metrics.js'

describe('plugin metrics', () => {
  it('are counters and gauges on the kernel\'s registry, the same metric each time a name is asked for', async () => {
    const registry = new Registry()
    const metrics = pluginMetrics(registry, 'my-plugin')
    metrics.counter('aether_my_calls_total', 'Calls', ['adapter']).inc({ adapter: 'geo' })
    metrics.counter('aether_my_calls_total', 'Calls', ['adapter']).inc({ adapter: 'geo' }, 2)
    metrics.gauge('aether_my_state', 'State', ['adapter']).set({ adapter: 'geo' }, 2)
    const text = await registry.metrics()
    expect(text).toContain('aether_my_calls_total{adapter="geo"} 3')
    expect(text).toContain('aether_my_state{adapter="geo"} 2')
  })

  it('refuse a name outside aether_, or one a metric of another type has', () => {
    const metrics = pluginMetrics(new Registry(), 'my-plugin')
    expect(() => metrics.counter('calls_total', 'Calls', [])).toThrow('Plugin "my-plugin" asked for metric "calls_total", which cannot be registered: it must match aether_[a-z0-9_]+.')
    metrics.gauge('aether_my_state', 'State', [])
    expect(() => metrics.counter('aether_my_state', 'State', [])).toThrow(/a metric of another type has that name/)
  })
})
