import { describe, expect, it } from 'vitest'
import type { Recordings } from './read-recordings.js'
import { recordedFarSide } from './recorded-far-side.js'

const url = 'https://feed.example/incidents.json'
const recordings: Recordings = {
  file: 'conformance/recorded-fetch.json',
  exchanges: [
    { method: 'GET', url, headers: {}, responses: [{ status: 200, headers: { etag: '"v1"' }, body: 'feed' }] },
    { method: 'GET', url, headers: { 'if-none-match': '"v1"' }, responses: [{ status: 304, headers: {}, body: '' }] },
    { method: 'POST', url: 'https://counter.example/calls', headers: {}, body: 'bump', responses: [1, 2].map((count) => ({ status: 200, headers: {}, body: String(count) })) },
  ],
}

describe('the recorded far side', () => {
  it('answers with the matching exchange that names the most headers, ignoring headers no exchange names', () => {
    const farSide = recordedFarSide(recordings)
    expect(farSide({ method: 'GET', url, headers: { accept: 'application/json' } })?.status).toBe(200)
    expect(farSide({ method: 'GET', url, headers: { 'If-None-Match': '"v1"' } })?.status).toBe(304)
    expect(farSide({ method: 'GET', url, headers: { 'if-none-match': '"v0"' } })?.status).toBe(200)
  })

  it('answers nothing for another method, URL or body', () => {
    const farSide = recordedFarSide(recordings)
    expect(farSide({ method: 'HEAD', url, headers: {} })).toBeUndefined()
    expect(farSide({ method: 'GET', url: `${url}?page=2`, headers: {} })).toBeUndefined()
    expect(farSide({ method: 'POST', url: 'https://counter.example/calls', headers: {}, body: 'other' })).toBeUndefined()
  })

  it('serves an exchange\'s responses in order, the last repeating, from the start again for a new far side', () => {
    const bump = { method: 'POST', url: 'https://counter.example/calls', headers: {}, body: 'bump' }
    const farSide = recordedFarSide(recordings)
    expect([farSide(bump), farSide(bump), farSide(bump)].map((response) => response?.body)).toEqual(['1', '2', '2'])
    expect(recordedFarSide(recordings)(bump)?.body).toBe('1')
  })
})
