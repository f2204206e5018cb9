import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/fixture.js'
import { readGcpIncidents } from './gcp-incidents.js'

describe('readGcpIncidents', () => {
  const drafts = readGcpIncidents(fixture('gcp-incidents.json'))

  it('makes one signal per affected region', () => {
    expect(drafts.filter((d) => String(d.sourceEventId).startsWith('R7PdPnCe8me2SPvjmqqj/')).map((d) => d.region))
      .toEqual(['asia-south1', 'asia-south2'])
  })

  it('makes one global signal for an incident that names no region', () => {
    expect(drafts.find((d) => String(d.sourceEventId).startsWith('k4BvQMAvcC3PvnapP1A5/'))?.region).toBe('global')
  })

  it('keeps the feed\'s begin, end, severity and description', () => {
    expect(drafts[0]).toMatchObject({
      contract: 'signal.v1', source: 'gcp-status', provider: 'gcp', timestamp: '2023-05-17T09:34:59+00:00', severity: 'low',
    })
    expect(typeof drafts[0]?.summary).toBe('string')
  })

  it('refuses a file that is not an array of incidents', () => {
    expect(() => readGcpIncidents('{}')).toThrow('expected a JSON array of incidents')
  })
})
