import type { GcpIncident } from './incident-signals.js'

/**
 * Where the source is in the feed: the ETag of the last body it read (sent as If-None-Match, so
 * an unchanged feed costs a 304 and no parsing), and a high-water mark of `modified` times with
 * the ids read at exactly that time (two incidents can share a second). Kept small, since the
 * host caps a cursor at 16 KiB: its size does not grow with the feed.
 */
export interface FeedCursor {
  [key: string]: string | null | string[]
  etag: string | null
  /** The newest `modified` read so far; null before the first read. */
  modifiedMark: string | null
  /** Ids of the incidents read whose `modified` is the mark. */
  idsAtMark: string[]
}

export const startOfFeed: FeedCursor = { etag: null, modifiedMark: null, idsAtMark: [] }

/** The incidents new or modified since `cursor`, and the cursor past them. */
export function readSince(incidents: GcpIncident[], cursor: FeedCursor, etag: string | null): { fresh: GcpIncident[]; next: FeedCursor } {
  const markMs = cursor.modifiedMark === null ? Number.NEGATIVE_INFINITY : Date.parse(cursor.modifiedMark)
  const fresh = incidents.filter((incident) => {
    const modifiedMs = Date.parse(incident.modified)
    return modifiedMs > markMs || (modifiedMs === markMs && !cursor.idsAtMark.includes(incident.id))
  })
  let mark = cursor.modifiedMark
  let idsAtMark = cursor.idsAtMark
  for (const incident of fresh) {
    const modifiedMs = Date.parse(incident.modified)
    if (mark === null || modifiedMs > Date.parse(mark)) {
      mark = incident.modified
      idsAtMark = [incident.id]
    } else if (modifiedMs === Date.parse(mark)) idsAtMark = [...idsAtMark, incident.id]
  }
  return { fresh, next: { etag, modifiedMark: mark, idsAtMark } }
}

/** Whether `value` is a cursor this source gave out: exactly its three fields, of their types. */
export function isFeedCursor(value: unknown): value is FeedCursor {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const { etag, modifiedMark, idsAtMark } = value as Partial<FeedCursor>
  return Object.keys(value).sort().join() === 'etag,idsAtMark,modifiedMark'
    && (etag === null || typeof etag === 'string')
    && (modifiedMark === null || (typeof modifiedMark === 'string' && !Number.isNaN(Date.parse(modifiedMark))))
    && Array.isArray(idsAtMark) && idsAtMark.every((id) => typeof id === 'string')
}

/** A cursor read back from kv, or null when it is missing or not one. */
export function parseCursor(text: string | null): FeedCursor | null {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    return isFeedCursor(value) ? value : null
  } catch {
    return null
  }
}
