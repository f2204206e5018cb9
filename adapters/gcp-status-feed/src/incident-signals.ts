import type { DraftRecord } from '@aether/plugin-api'

/** The fields of a Google Cloud status incident (the `incidents.json` feed) this source reads. */
export interface GcpIncident {
  id: string
  begin: string
  end?: string
  modified: string
  external_desc?: string
  service_name?: string
  severity?: string
  currently_affected_locations?: Array<{ id?: string }>
  previously_affected_locations?: Array<{ id?: string }>
  updates?: Array<{ affected_locations?: Array<{ id?: string }> }>
}

/** signal.v1 caps a summary at this many characters. */
const maxSummaryChars = 2_000

/**
 * An incident as signal.v1 drafts, one per region it names anywhere (now, before, or in an
 * update), or one `global` signal when it names none. The feed's low/medium/high severities are
 * Aether's own words; any other is passed on for the validator to judge, not guessed.
 */
export function incidentSignals(incident: GcpIncident, source: string): DraftRecord[] {
  const summary = (incident.external_desc ?? '').trim() || `${incident.service_name ?? 'Google Cloud'} incident ${incident.id}`
  return regionsOf(incident).map((region) => ({
    contract: 'signal.v1',
    source,
    sourceEventId: `${incident.id}/${region}`,
    provider: 'gcp',
    timestamp: incident.begin,
    ...(incident.end === undefined ? {} : { endTimestamp: incident.end }),
    region,
    severity: incident.severity,
    summary: summary.length > maxSummaryChars ? `${summary.slice(0, maxSummaryChars - 1)}…` : summary,
  }))
}

function regionsOf(incident: GcpIncident): string[] {
  const locations = [
    ...(incident.currently_affected_locations ?? []),
    ...(incident.previously_affected_locations ?? []),
    ...(incident.updates ?? []).flatMap((update) => update.affected_locations ?? []),
  ]
  const regions = [...new Set(locations.map((location) => location.id).filter((id): id is string => typeof id === 'string' && id !== ''))]
  return regions.length > 0 ? regions.sort() : ['global']
}

/** Whether `value` has what incidentSignals needs; a feed entry without it is skipped and counted. */
export function isIncident(value: unknown): value is GcpIncident {
  if (value === null || typeof value !== 'object') return false
  const { id, begin, modified } = value as Record<string, unknown>
  return typeof id === 'string' && id !== '' && typeof begin === 'string' && typeof modified === 'string'
}
