import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/fixture.js'
import { readAwsStatus } from './aws-status.js'

describe('readAwsStatus', () => {
  const drafts = readAwsStatus(fixture('aws-status.json'))

  it('reads archive and current events', () => {
    expect(drafts).toHaveLength(4)
  })

  it('takes the region from the service id, or global when it has none', () => {
    expect(drafts.map((d) => d.region).slice(0, 4)).toEqual(['us-east-1', 'sa-east-1', 'global', 'us-east-1'])
  })

  it('maps the dashboard status, number or string, onto the severity scale', () => {
    expect(drafts[0]).toMatchObject({ severity: 'low', timestamp: '2018-05-15T15:12:21.000Z' })
    expect(drafts[3]).toMatchObject({ severity: 'medium' })
  })

  it('passes an unknown status through unchanged, for the validator to refuse', () => {
    const [draft] = readAwsStatus(JSON.stringify({ archive: [{ service: 'ec2-us-east-1', date: '1', status: 'purple', summary: 'x' }] }))
    expect(draft?.severity).toBe('purple')
  })
})
