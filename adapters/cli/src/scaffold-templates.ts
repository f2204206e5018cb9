import { recordId } from '@aether/plugin-api'
import type { AdapterKindName } from './adapter-kinds.js'

/** The source and sample input a new adapter of each kind starts from, and what its test checks. */
export interface KindTemplate {
  source(name: string): string
  /** Records for test/input.json; each has id and tenant. */
  input(): Array<Record<string, unknown>>
  /** Lines of the test body that check `result.records` beyond the outcome and count. */
  checks: string
}

function signal(sourceEventId: string, severity: string, summary: string): Record<string, unknown> {
  const header = { contract: 'signal.v1', source: 'my-feed', sourceEventId }
  return { id: recordId(header), tenant: 'demo', ...header, timestamp: '2023-10-05T10:08:00.000Z', region: 'us-central1', severity, summary }
}

const signals = () => [
  signal('incident-1', 'high', 'Compute Engine capacity exhausted for c3 machines in us-central1'),
  signal('incident-2', 'low', 'Cloud Interconnect users may be impacted in us-central1'),
]

const enricher: KindTemplate = {
  source: (name) => `import { defineEnricher } from '@aether/adapter-sdk'

// Words in a signal's summary that say capacity is short, with how strongly (0..1).
const capacityWords: Record<string, number> = { capacity: 0.8, stockout: 0.9, exhausted: 0.8, unavailable: 0.6, quota: 0.5 }

export default defineEnricher({
  name: '${name}',
  process(signals, ctx) {
    ctx.log(\`enriching \${signals.length} signals for \${ctx.tenant}\`)
    return signals.map((signal) => {
      const words = signal.summary.toLowerCase().split(/[^a-z]+/)
      const bCapacity = Math.max(0, ...words.map((word) => capacityWords[word] ?? 0))
      return {
        id: signal.id,
        tenant: signal.tenant,
        vNews: { sentiment: bCapacity > 0 ? -0.5 : 0, volatilityLikelihood: signal.severity === 'high' ? 0.7 : 0.2 },
        bCapacity,
        model: '${name}@1',
      }
    })
  },
})
`,
  input: signals,
  checks: `  assert.equal(result.records[0].bCapacity, 0.8)
  assert.equal(result.records[1].bCapacity, 0)
  assert.deepEqual(result.logs, ['enriching 2 signals for demo'])`,
}

const validator: KindTemplate = {
  source: (name) => `import { defineValidator } from '@aether/adapter-sdk'

export default defineValidator({
  name: '${name}',
  process: (records) => records.map((record) => typeof record.summary === 'string' && record.summary.length >= 10
    ? { id: record.id, tenant: record.tenant, isValid: true }
    : { id: record.id, tenant: record.tenant, isValid: false, reason: 'summary is shorter than 10 characters' }),
})
`,
  input: signals,
  checks: `  assert.ok(result.records.every((verdict) => verdict.isValid === true))`,
}

const forecaster: KindTemplate = {
  source: (name) => `import { defineForecaster } from '@aether/adapter-sdk'

export default defineForecaster({
  name: '${name}',
  process: (inputs) => inputs.map((input) => ({
    id: input.id,
    tenant: input.tenant,
    // More recent signals for the pool's region, more risk; capped below certainty.
    probability: Math.min(0.9, 0.05 + 0.1 * input.signals.length),
    horizonMinutes: 60,
    model: '${name}@1',
    features: { signals: input.signals.length },
  })),
})
`,
  input: () => [{ id: 'pool-1', tenant: 'demo', region: 'us-central1', pool: 'c3-highcpu-88', asOf: '2023-10-05T10:08:00.000Z', telemetry: [], signals: signals(), enrichments: [] }],
  checks: `  assert.equal(result.records[0].probability, 0.25)`,
}

const policy: KindTemplate = {
  source: (name) => `import { definePolicy } from '@aether/adapter-sdk'

export default definePolicy({
  name: '${name}',
  process: (forecasts) => forecasts.map((forecast) => ({
    id: forecast.id,
    tenant: forecast.tenant,
    action: forecast.probability >= 0.5 ? 'migrate' : 'hold',
    confidence: Math.abs(forecast.probability - 0.5) * 2,
    policy: '${name}@1',
    explanation: \`P(preemption) \${forecast.probability} is \${forecast.probability >= 0.5 ? 'at or above' : 'below'} 0.5\`,
  })),
})
`,
  input: () => [{ id: '0123456789abcdef0123456789abcdef', tenant: 'demo', contract: 'forecast.v1', source: 'forecaster', sourceEventId: 'pool-1', timestamp: '2023-10-05T10:08:00.000Z', region: 'us-central1', pool: 'c3-highcpu-88', probability: 0.75, horizonMinutes: 60, model: 'flat@1', features: {} }],
  checks: `  assert.equal(result.records[0].action, 'migrate')`,
}

const source: KindTemplate = {
  source: (name) => `import { defineSource } from '@aether/adapter-sdk'

// A source polls: given the cursor it returned last time, it returns what is new and a new cursor.
// A real one asks for the "fetch" capability in package.json's aetherAdapter.capabilities.
export default defineSource({
  name: '${name}',
  poll(cursor) {
    return { records: [], cursor }
  },
})
`,
  input: () => [],
  checks: '',
}

/** The template of each kind. */
export const kindTemplates: Record<AdapterKindName, KindTemplate> = { enricher, validator, forecaster, policy, source }
