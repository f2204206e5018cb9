import { Type, type TSchema } from '@sinclair/typebox'
import { Errors } from '@sinclair/typebox/errors'
import { Check } from '@sinclair/typebox/value'
import { EnrichmentV1, findUnstorable, ForecastV1, SignalV1, TelemetryV1, type ValidationIssue } from '@aether/plugin-api/schemas'

// What each kind's adapter is handed, as schemas. The host sends what the pipeline holds, but a
// conformance run (and a careless upstream) sends anything: an input that breaks these is refused
// before the author's code sees it, so an SDK adapter never silently "fixes" bad input.

const maxIssues = 5

/** A forecaster's input: the pool's telemetry and signals, keyed by the host. */
const ForecasterInputSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  tenant: Type.String({ minLength: 1 }),
  region: TelemetryV1.properties.region,
  zone: TelemetryV1.properties.zone,
  pool: TelemetryV1.properties.pool,
  asOf: TelemetryV1.properties.timestamp,
  telemetry: Type.Array(TelemetryV1),
  signals: Type.Array(SignalV1),
  enrichments: Type.Array(EnrichmentV1),
}, { additionalProperties: false })

/** The record contracts a validator adapter judges (what sources produce). */
const sourceContracts: Record<string, TSchema> = { 'signal.v1': SignalV1, 'telemetry.v1': TelemetryV1 }

/** The input schema of each batch kind. */
export const inputSchemas = { enricher: SignalV1, forecaster: ForecasterInputSchema, policy: ForecastV1 } as const

/** How `value` breaks `schema` (or cannot be stored), at most five issues; empty when it does not. */
export function contractIssues(schema: TSchema, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  // Check is the fast path every good input takes; Errors walks again only to say what is wrong.
  for (const error of Check(schema, value) ? [] : Errors(schema, value)) {
    issues.push({ path: error.path || '/', message: error.message })
    if (issues.length === maxIssues) return issues
  }
  const unstorable = issues.length === 0 ? findUnstorable(value) : undefined
  return unstorable === undefined ? issues : [unstorable]
}

/** How a record a validator is given breaks the contract it names; empty when it follows it. */
export function recordContractIssues(record: unknown): ValidationIssue[] {
  const contract = record !== null && typeof record === 'object' ? (record as { contract?: unknown }).contract : undefined
  const schema = typeof contract === 'string' && Object.hasOwn(sourceContracts, contract) ? sourceContracts[contract] : undefined
  if (schema === undefined) {
    return [{ path: '/contract', message: `must name one of ${Object.keys(sourceContracts).join(', ')}` }]
  }
  return contractIssues(schema, record)
}

/** One line for people: the first issue, and how many more. */
export function describeIssues(what: string, issues: ValidationIssue[]): string {
  const [first] = issues
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
  return `${what}: ${first?.path ?? '/'} ${first?.message ?? 'is not valid'}${more}`.slice(0, 1_000)
}
