import { FormatRegistry, Type } from '@sinclair/typebox'

// TypeBox checks formats only when they are registered; these two are all the contracts use.
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
// Records arrive in time order, most sharing their timestamp with the one before (a trace's
// samples of one tick): remembering the last valid timestamp skips three checks in four.
let lastValidDateTime: string | undefined
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => {
    if (value === lastValidDateTime) return true
    if (!isoDateTime.test(value) || Number.isNaN(Date.parse(value))) return false
    lastValidDateTime = value
    return true
  })
}

/** Id of a tenant: lower-case letters, digits and dashes, so it is safe in subjects and logs. */
export const TenantId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })

/** An ISO 8601 UTC or offset timestamp. */
export const Timestamp = Type.String({ format: 'date-time' })

/** The fields every record carries, whatever its contract. */
export function recordHeader<Contract extends string>(contract: Contract) {
  return {
    /** Deterministic id: see recordId(). */
    id: Type.String({ pattern: '^[0-9a-f]{32}$' }),
    tenant: TenantId,
    contract: Type.Literal(contract),
    /** Who produced the record: a source name, or a stage such as `forecaster:heuristic-baseline`. */
    source: Type.String({ minLength: 1, maxLength: 200 }),
    /** The producer's own id for the event the record describes. */
    sourceEventId: Type.String({ minLength: 1, maxLength: 500 }),
  }
}
