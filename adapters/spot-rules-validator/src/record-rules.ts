import type { ValidationIssue } from '@aether/plugin-api'
import { type Fields, pastTimestamp, regionName, text, zoneOfRegion } from './field-rules.js'

/** Plausible ranges per telemetry metric; a metric not listed only has to be a finite number. */
const metricRanges: Record<string, { min: number; max: number; isInteger?: boolean; exclusiveMin?: boolean }> = {
  // USD per hour: no instance type costs more than a few hundred; a spot price of 0 is a gap, not a price.
  spot_price_usd_hour: { min: 0, max: 500, exclusiveMin: true },
  on_demand_price_usd_hour: { min: 0, max: 500, exclusiveMin: true },
  // Instances available at a tick: a count.
  spot_available: { min: 0, max: 1_000_000, isInteger: true },
}
const severities = new Set(['info', 'low', 'medium', 'high'])

/**
 * Every rule the record breaks, as issues. The rules are the header and fields later stages
 * rely on, and more than the contracts say: region and zone names that exist in GCP or AWS,
 * timestamps that are not in the future, an end not before the start, a summary that is not
 * blank, and values in a plausible range for their metric. Records of other contracts are refused:
 * this pack is for the signals and telemetry of the spot-risk pipeline.
 */
export function brokenRules(record: unknown, nowMs: number): ValidationIssue[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return [{ path: '', message: 'is not a JSON object' }]
  const fields = record as Fields
  const issues: Array<ValidationIssue | undefined> = [
    /^[0-9a-f]{32}$/.test(String(fields.id)) ? undefined : { path: '/id', message: 'is not a 32-hex-digit record id' },
    typeof fields.tenant === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(fields.tenant) ? undefined : { path: '/tenant', message: 'is not a tenant id' },
    text(fields, 'source', 200),
    text(fields, 'sourceEventId', 500),
    pastTimestamp(fields, 'timestamp', nowMs),
  ]
  if (fields.contract === 'signal.v1') issues.push(...signalRules(fields))
  else if (fields.contract === 'telemetry.v1') issues.push(...telemetryRules(fields))
  else issues.push({ path: '/contract', message: `${JSON.stringify(fields.contract)} is not signal.v1 or telemetry.v1, the contracts this rule pack knows` })
  return issues.filter((issue): issue is ValidationIssue => issue !== undefined)
}

function signalRules(fields: Fields): Array<ValidationIssue | undefined> {
  // An end may lie ahead of the validator's clock (a planned maintenance): only its form is checked.
  const ends = fields.endTimestamp === undefined ? undefined : pastTimestamp(fields, 'endTimestamp', Number.POSITIVE_INFINITY)
  const endsBeforeStart = ends === undefined && fields.endTimestamp !== undefined && Date.parse(fields.endTimestamp as string) < Date.parse(fields.timestamp as string)
  return [
    regionName(fields, true),
    severities.has(fields.severity as string) ? undefined : { path: '/severity', message: `${JSON.stringify(fields.severity)} is not info, low, medium or high` },
    text(fields, 'summary', 2_000),
    fields.provider === undefined ? undefined : text(fields, 'provider', 50),
    ends,
    endsBeforeStart ? { path: '/endTimestamp', message: 'is before the timestamp it ends' } : undefined,
  ]
}

function telemetryRules(fields: Fields): Array<ValidationIssue | undefined> {
  const { metric, value } = fields
  const isMetric = typeof metric === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(metric)
  return [
    regionName(fields, false),
    zoneOfRegion(fields),
    text(fields, 'pool', 100),
    isMetric ? undefined : { path: '/metric', message: 'is not a metric name (lowercase letters, digits, "_")' },
    isMetric ? valueRule(metric, value) : undefined,
  ]
}

function valueRule(metric: string, value: unknown): ValidationIssue | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { path: '/value', message: `${JSON.stringify(value)} is not a number` }
  const range = metricRanges[metric]
  if (range === undefined) return undefined
  const isBelow = range.exclusiveMin === true ? value <= range.min : value < range.min
  if (isBelow || value > range.max) return { path: '/value', message: `${value} is outside ${range.exclusiveMin === true ? '(' : '['}${range.min}, ${range.max}] for ${metric}` }
  if (range.isInteger === true && !Number.isInteger(value)) return { path: '/value', message: `${value} is not a whole count for ${metric}` }
  return undefined
}
