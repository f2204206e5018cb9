import type { ValidationIssue } from '@aether/plugin-api'

// Checks of single fields, each giving an issue (path and message) or nothing. They need no
// library: the bundle runs in the isolate with JavaScript's built-ins only.

/** Clocks differ: a timestamp this far ahead of the validator's clock still counts as now. */
export const clockSkewMs = 5 * 60_000

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const gcpRegion = /^[a-z]+-[a-z]+\d+$/
const awsRegion = /^[a-z]{2}(-gov)?-[a-z]+-\d+$/
// GCP multi-regions (`us`, `eu`, `asia`) and dual-regions (`nam4`, `eur4`, `asia1`), which status posts name too.
const gcpMultiRegion = /^(us|eu|asia|nam\d+|eur\d+|asia\d+)$/

export type Fields = Record<string, unknown>

/** A non-empty string field of at most `maxChars`, not only blanks. */
export function text(fields: Fields, key: string, maxChars: number): ValidationIssue | undefined {
  const value = fields[key]
  if (typeof value !== 'string') return { path: `/${key}`, message: 'is required and must be a string' }
  if (value.trim() === '') return { path: `/${key}`, message: 'is empty' }
  if (value.length > maxChars) return { path: `/${key}`, message: `is longer than ${maxChars} characters` }
  return undefined
}

/** An ISO 8601 timestamp with a zone, a real date, and not in the future. */
export function pastTimestamp(fields: Fields, key: string, nowMs: number): ValidationIssue | undefined {
  const value = fields[key]
  if (typeof value !== 'string' || !isoDateTime.test(value) || Number.isNaN(Date.parse(value))) {
    return { path: `/${key}`, message: 'is not an ISO 8601 timestamp with a time zone' }
  }
  if (Date.parse(value) > nowMs + clockSkewMs) return { path: `/${key}`, message: `${value} is in the future` }
  return undefined
}

/**
 * A GCP (`us-central1`) or AWS (`us-east-1`) region name. A signal may also be about a GCP
 * multi-region (`us`) or `global`; a telemetry sample is about one region's pool.
 */
export function regionName(fields: Fields, isSignal: boolean): ValidationIssue | undefined {
  const region = fields.region
  const isRegion = typeof region === 'string'
    && (gcpRegion.test(region) || awsRegion.test(region) || (isSignal && (region === 'global' || gcpMultiRegion.test(region))))
  return isRegion ? undefined : { path: '/region', message: `${JSON.stringify(region)} is not a GCP or AWS region name${isSignal ? ', multi-region nor "global"' : ''}` }
}

/** A zone, when given, of the record's region: `us-central1-a` (GCP) or `us-east-1c` (AWS). */
export function zoneOfRegion(fields: Fields): ValidationIssue | undefined {
  const { zone, region } = fields
  if (zone === undefined) return undefined
  const isZone = typeof zone === 'string' && typeof region === 'string'
    && (gcpRegion.test(region) ? new RegExp(`^${region}-[a-z]$`).test(zone) : new RegExp(`^${region}[a-z]$`).test(zone))
  return isZone ? undefined : { path: '/zone', message: `${JSON.stringify(zone)} is not a zone of region ${JSON.stringify(region)}` }
}
