import type { DraftRecord } from '@aether/plugin-api'

interface AwsEvent {
  service?: string
  service_name?: string
  summary?: string
  date?: string | number
  status?: string | number
}

// The old AWS dashboard's levels: 0 normal/resolved, 1 informational, 2 performance issues,
// 3 service disruption.
const severityByStatus: Record<string, string> = { '0': 'info', '1': 'low', '2': 'medium', '3': 'high' }

/**
 * AWS Service Health Dashboard events (the old `data.json` feed, `{archive, current}`) as
 * signal.v1 drafts. The region is the suffix of the service id (`ec2-us-east-1`), else `global`.
 */
export function readAwsStatus(text: string): DraftRecord[] {
  const feed = JSON.parse(text) as { archive?: AwsEvent[]; current?: AwsEvent[] }
  if (typeof feed !== 'object' || feed === null || Array.isArray(feed)) throw new TypeError('expected an object with "archive" and "current"')
  return [...(feed.archive ?? []), ...(feed.current ?? [])].map((event) => {
    const seconds = Number(event.date)
    return {
      contract: 'signal.v1',
      source: 'aws-status',
      sourceEventId: `${event.service}/${event.date}`,
      provider: 'aws',
      // An unparseable date stays as it was, so the validator can refuse it with the reason.
      timestamp: Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : event.date,
      region: /-([a-z]{2}(?:-gov)?-[a-z]+-\d)$/.exec(event.service ?? '')?.[1] ?? 'global',
      severity: severityByStatus[String(event.status)] ?? event.status,
      summary: event.summary,
    }
  })
}
