import { describe, expect, it } from 'vitest'
import { isFeedCursor, parseCursor, readSince, startOfFeed } from './feed-cursor.js'

const incident = (id: string, modified: string) => ({ id, begin: '2023-12-01T00:00:00+00:00', modified })

describe('readSince', () => {
  it('reads everything from the start of the feed and marks the newest modified time', () => {
    const { fresh, next } = readSince([incident('a', '2023-12-02T00:00:00+00:00'), incident('b', '2023-12-03T00:00:00+00:00')], startOfFeed, '"v1"')
    expect(fresh.map((item) => item.id)).toEqual(['a', 'b'])
    expect(next).toEqual({ etag: '"v1"', modifiedMark: '2023-12-03T00:00:00+00:00', idsAtMark: ['b'] })
  })

  it('reads an incident modified in the same second as the mark, but not one read at it already', () => {
    const cursor = { etag: null, modifiedMark: '2023-12-03T00:00:00+00:00', idsAtMark: ['b'] }
    const feed = [incident('a', '2023-12-02T00:00:00+00:00'), incident('b', '2023-12-03T00:00:00+00:00'), incident('c', '2023-12-03T00:00:00+00:00')]
    const { fresh, next } = readSince(feed, cursor, null)
    expect(fresh.map((item) => item.id)).toEqual(['c'])
    expect(next.idsAtMark).toEqual(['b', 'c'])
  })

  it('reads again an incident modified after the mark', () => {
    const cursor = { etag: null, modifiedMark: '2023-12-03T00:00:00+00:00', idsAtMark: ['b'] }
    expect(readSince([incident('a', '2023-12-04T00:00:00+00:00')], cursor, null).fresh.map((item) => item.id)).toEqual(['a'])
  })
})

describe('parseCursor', () => {
  it('gives null for a missing or foreign value, so the source starts over rather than failing', () => {
    expect(parseCursor(null)).toBeNull()
    expect(parseCursor('{not json')).toBeNull()
    expect(parseCursor('{"etag":1}')).toBeNull()
    expect(parseCursor(JSON.stringify(startOfFeed))).toEqual(startOfFeed)
  })
})

describe('isFeedCursor', () => {
  it('takes only a cursor of this source\'s own shape', () => {
    expect(isFeedCursor(startOfFeed)).toBe(true)
    expect(isFeedCursor({ etag: '"v1"', modifiedMark: '2023-12-03T00:00:00+00:00', idsAtMark: ['b'] })).toBe(true)
    for (const foreign of ['not-a-cursor', {}, { pad: 'x' }, { ...startOfFeed, extra: 1 }, { ...startOfFeed, modifiedMark: 'yesterday' }, [startOfFeed]]) {
      expect(isFeedCursor(foreign)).toBe(false)
    }
  })
})
