import { recordId } from '@aether/plugin-api'
import type { AdapterKind } from '@aether/plugin-sandbox-host'
import { goldenForecastInputs, goldenForecasts, goldenSignals, goldenTelemetry } from './golden-inputs.js'

/** "an enricher", "a validator": a kind with its article, for evidence. */
export function aKind(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`
}

/** The batch size of the load profile and the performance budget. */
export const loadBatchSize = 1_000

/** The golden batch of a kind, for `tenant` (a source: the null cursor it starts from). */
export function goldenBatch(kind: AdapterKind, tenant: string): unknown[] {
  switch (kind) {
    case 'enricher': return goldenSignals(tenant)
    case 'validator': return [...goldenSignals(tenant), ...goldenTelemetry(tenant)]
    case 'forecaster': return goldenForecastInputs(tenant)
    case 'policy': return goldenForecasts(tenant)
    case 'source': return [null]
  }
}

/**
 * The load profile: loadBatchSize inputs made by repeating the golden batch, each repeat a
 * distinct record (its sourceEventId gets `#<n>`, and its id follows). A source is polled from
 * the null cursor: its load is what its feed holds.
 */
export function loadBatch(kind: AdapterKind, tenant: string): unknown[] {
  const golden = goldenBatch(kind, tenant)
  if (kind === 'source') return golden
  return Array.from({ length: loadBatchSize }, (_, index) => {
    const record = golden[index % golden.length] as Record<string, unknown>
    const repeat = Math.floor(index / golden.length)
    if (repeat === 0 || typeof record.sourceEventId !== 'string') return record
    const sourceEventId = `${record.sourceEventId}#${repeat}`
    return { ...record, sourceEventId, id: recordId({ source: String(record.source), sourceEventId, contract: String(record.contract) }) }
  })
}

/** One kind of bad input: a batch of one record the adapter must refuse. */
export interface BadInput {
  /** `malformed`, `missing-field`, `oversized` or `hostile`. */
  name: string
  description: string
  input: unknown
}

const oversizedText = 'x'.repeat(100_000)

/** A record with a `__proto__` own key (as JSON.parse makes it), a `constructor` field and 200 levels of nesting. */
function hostile<T extends object>(record: T): T {
  let nested: unknown = 'bottom'
  for (let depth = 0; depth < 200; depth += 1) nested = [nested]
  return { ...(JSON.parse('{"__proto__":{"polluted":true}}') as object), ...record, constructor: { prototype: { polluted: true } }, nested } as T
}

function without<T extends object>(record: T, field: string): T {
  const copy = { ...record } as Record<string, unknown>
  delete copy[field]
  return copy as T
}

/** The bad inputs of a kind; each must give a contract error or an invalid verdict. */
export function badInputs(kind: AdapterKind, tenant: string): BadInput[] {
  if (kind === 'source') {
    return [
      { name: 'malformed', description: 'a cursor that is a string the source never returned', input: 'not-a-cursor' },
      { name: 'missing-field', description: 'an empty object as cursor', input: {} },
      { name: 'oversized', description: 'a cursor of 100,000 characters', input: { pad: oversizedText } },
      { name: 'hostile', description: 'a cursor with a __proto__ key and deep nesting', input: hostile({}) },
    ]
  }
  const sample = goldenBatch(kind, tenant)[0] as Record<string, unknown>
  const field = { enricher: 'summary', validator: 'region', forecaster: 'telemetry', policy: 'probability' }[kind]
  const malformed = { enricher: { ...sample, summary: 12_345, severity: 42 }, validator: 42, forecaster: { ...sample, telemetry: 'none' }, policy: { ...sample, probability: 'high' } }[kind]
  const oversizedField = { enricher: 'summary', validator: 'summary', forecaster: 'pool', policy: 'pool' }[kind]
  return [
    { name: 'malformed', description: `${aKind(kind)} input whose fields have the wrong types`, input: malformed },
    { name: 'missing-field', description: `${aKind(kind)} input without its ${field}`, input: without(sample, field) },
    { name: 'oversized', description: `${aKind(kind)} input whose ${oversizedField} is 100,000 characters`, input: { ...sample, [oversizedField]: oversizedText } },
    { name: 'hostile', description: 'an input with a __proto__ key, a constructor field and 200 levels of nesting', input: hostile(sample) },
  ]
}
