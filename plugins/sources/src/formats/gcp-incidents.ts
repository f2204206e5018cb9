import type { DraftRecord } from '@aether/plugin-api'

interface GcpLocation { id?: string }
interface GcpIncident {
  id?: string
  begin?: string
  end?: string
  external_desc?: string
  severity?: string
  currently_affected_locations?: GcpLocation[]
  previously_affected_locations?: GcpLocation[]
  updates?: Array<{ affected_locations?: GcpLocation[] }>
}

/**
 * Google Cloud status incidents (the `incidents.json` feed) as signal.v1 drafts: one per affected
 * region, or one for `global` when the incident names none. The feed's `severity`
 * (low/medium/high) maps to the same words on Aether's scale.
 */
export function readGcpIncidents(text: string): DraftRecord[] {
  const incidents = JSON.parse(text) as GcpIncident[]
  if (!Array.isArray(incidents)) throw new TypeError('expected a JSON array of incidents')
  return incidents.flatMap((incident) => regionsOf(incident).map((region) => ({
    contract: 'signal.v1',
    source: 'gcp-status',
    sourceEventId: `${incident.id}/${region}`,
    provider: 'gcp',
    timestamp: incident.begin,
    ...(incident.end === undefined ? {} : { endTimestamp: incident.end }),
    region,
    severity: incident.severity,
    summary: incident.external_desc,
  })))
}

function regionsOf(incident: GcpIncident): string[] {
  const locations = [
    ...(incident.currently_affected_locations ?? []),
    ...(incident.previously_affected_locations ?? []),
    ...(incident.updates ?? []).flatMap((update) => update.affected_locations ?? []),
  ]
  const regions = [...new Set(locations.map((location) => location.id).filter((id): id is string => typeof id === 'string'))]
  return regions.length > 0 ? regions.sort() : ['global']
}
