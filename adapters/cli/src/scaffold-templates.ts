import { recordId } from '@aether/plugin-api'
import type { AdapterKindName } from './adapter-kinds.js'

/** The source and sample input a new adapter of each kind starts from, and what its test checks. */
export interface KindTemplate {
  source(name: string): string
  /** What test/input.json holds, what the kind reads; a source reads none and has no file. */
  input(): unknown[] | undefined
  /** Lines of the test body that check `result` (the trial) beyond its outcome. */
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
  checks: `  assert.deepEqual(result.records.map((record) => record.id), ${JSON.stringify(signals().map((record) => record.id))})
  assert.equal(result.records[0].bCapacity, 0.8)
  assert.equal(result.records[1].bCapacity, 0)
  assert.deepEqual(result.logs, ['enriching 2 signals for demo'])`,
}

const validator: KindTemplate = {
  source: (name) => `import { defineValidator } from '@aether/adapter-sdk'

// A rule beyond the signal.v1 contract: a summary of fewer than 10 characters says too little.
// Each raw record comes in an envelope: the host's key (id), the tenant and the record itself.
export default defineValidator({
  name: '${name}',
  process: (items) => items.map(({ id, tenant, record }) => {
    const { contract, summary } = (record ?? {}) as { contract?: unknown; summary?: unknown }
    if (contract !== 'signal.v1' || (typeof summary === 'string' && summary.trim().length >= 10)) return { id, tenant, valid: true }
    return { id, tenant, valid: false, reason: 'the summary says too little', issues: [{ path: '/summary', message: 'at least 10 characters' }] }
  }),
})
`,
  input: () => [...signals(), signal('incident-3', 'low', 'Down')],
  checks: `  assert.deepEqual(result.records.map((verdict) => [verdict.id, verdict.valid]), [['0', true], ['1', true], ['2', false]])
  assert.equal(result.records[2].reason, 'the summary says too little')`,
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
  input: () => [{ region: 'us-central1', pool: 'c3-highcpu-88', asOf: '2023-10-05T10:08:00.000Z', telemetry: [], signals: signals(), enrichments: [] }],
  // A forecast input has no id: the host keys each by its index.
  checks: `  assert.deepEqual(result.records.map((forecast) => [forecast.id, forecast.probability]), [['0', 0.25]])`,
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
  checks: `  assert.deepEqual(result.records.map((decision) => [decision.id, decision.action]), [['0123456789abcdef0123456789abcdef', 'migrate']])`,
}

const source: KindTemplate = {
  source: (name) => `import { defineSource } from '@aether/adapter-sdk'

// A source polls: given the cursor it returned last time (null at first), it returns what is new
// and the cursor to resume from; a poll with no records ends the run. A real source reads a feed
// with ctx.fetch: ask for it in package.json's aetherAdapter.capabilities ("fetch:<host>").
const incidents = [
  { id: 'incident-1', begin: '2023-10-05T10:08:00+00:00', region: 'us-central1', severity: 'high', text: 'Compute Engine capacity exhausted for c3 machines' },
  { id: 'incident-2', begin: '2023-10-05T11:30:00+00:00', region: 'us-east1', severity: 'low', text: 'Cloud Interconnect users may be impacted' },
  { id: 'incident-3', begin: '2023-10-06T08:00:00+00:00', region: 'us-central1', severity: 'medium', text: 'Persistent Disk latency in us-central1-a' },
]
const pageSize = 2

export default defineSource<{ next: number }>({
  name: '${name}',
  poll(cursor, ctx) {
    const next = cursor?.next ?? 0
    const page = incidents.slice(next, next + pageSize)
    ctx.log(\`read \${page.length} incidents from \${next}\`)
    return {
      records: page.map((incident) => ({
        contract: 'signal.v1', source: '${name}', sourceEventId: incident.id,
        timestamp: incident.begin, region: incident.region, severity: incident.severity, summary: incident.text,
      })),
      cursor: { next: next + page.length },
    }
  },
})
`,
  input: () => undefined,
  // One poll from a null cursor: the first page, and the cursor of the next.
  checks: `  assert.deepEqual(result.records.map((draft) => draft.sourceEventId), ['incident-1', 'incident-2'])
  assert.deepEqual(result.cursor, { next: 2 })
  assert.deepEqual(result.warnings, [])`,
}

/** The template of each kind. */
export const kindTemplates: Record<AdapterKindName, KindTemplate> = { enricher, validator, forecaster, policy, source }
