import { describe, expect, it } from 'vitest'
import { createStageMetrics, serveMetrics } from './metrics.js'

describe('stage metrics', () => {
  it('are served in the Prometheus text format at /metrics', async () => {
    const metrics = createStageMetrics()
    metrics.recordsIn.inc({ stage: 'validator' }, 1000)
    const server = await serveMetrics(metrics.registry, 0)
    try {
      const response = await fetch(server.url)
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('aether_stage_records_in_total{stage="validator"} 1000')
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  it('belong to their own registry, so two kernels in one process do not mix counts', async () => {
    const a = createStageMetrics()
    const b = createStageMetrics()
    a.recordsInvalid.inc({ stage: 'validator' }, 3)
    expect(await b.registry.metrics()).not.toContain('aether_stage_records_invalid_total{stage="validator"} 3')
  })
})
