import { defineSource, type SourceAdapter } from '@aether/adapter-sdk'
import { type FeedCursor, isFeedCursor, parseCursor, readSince, startOfFeed } from './feed-cursor.js'
import { incidentSignals, isIncident } from './incident-signals.js'

/** The kv key of the cursor: the host's cursor lasts one run, kv lasts across runs. */
const cursorKey = 'feed-cursor'

/**
 * A source of signal.v1 drafts from a Google Cloud status `incidents.json` feed at `feedUrl`.
 * Each poll asks for the feed with the last ETag (If-None-Match): a 304 means nothing new, which
 * ends the run; a 200 yields the incidents new or modified since the cursor. When kv is granted
 * the cursor is also kept there, so that the next run starts where this one stopped: the cursor a
 * poll is given is saved, since the host asks again only after it handed on the records before
 * it (at least once, never skipped). Without kv each run reads the whole feed again, and storage
 * drops what it already has (same ids). An incident modified after it was read is read again
 * with the same ids, so storage keeps its first version. A cursor it did not give out is refused.
 */
export function gcpStatusFeed(options: { name: string; feedUrl: string; source: string }): SourceAdapter<FeedCursor> {
  return defineSource<FeedCursor>({
    name: options.name,
    async poll(cursor, ctx) {
      if (ctx.fetch === undefined) throw new Error(`the fetch capability for ${options.feedUrl} is not granted`)
      // A cursor it never gave out is refused, not read as "start over" (nor saved).
      if (cursor !== null && !isFeedCursor(cursor)) throw new Error('not a cursor of this source: expected null or the { etag, modifiedMark, idsAtMark } it returned')
      if (cursor !== null) await ctx.kv?.set(cursorKey, JSON.stringify(cursor))
      const from = cursor ?? parseCursor(await ctx.kv?.get(cursorKey) ?? null) ?? startOfFeed
      const response = await ctx.fetch(options.feedUrl, {
        headers: { accept: 'application/json', ...(from.etag === null ? {} : { 'if-none-match': from.etag }) },
      })
      if (response.status === 304) {
        ctx.log(`feed unchanged (ETag ${from.etag})`)
        return { records: [], cursor: from }
      }
      if (!response.ok) throw new Error(`the feed ${options.feedUrl} answered HTTP ${response.status}`)
      const feed: unknown = JSON.parse(response.body)
      if (!Array.isArray(feed)) throw new Error(`the feed ${options.feedUrl} is not a JSON array of incidents`)
      const incidents = feed.filter(isIncident)
      const { fresh, next } = readSince(incidents, from, response.headers.etag ?? null)
      const skipped = feed.length - incidents.length
      ctx.log(`${fresh.length} new or modified incidents of ${incidents.length}${skipped > 0 ? `, ${skipped} entries without id, begin or modified skipped` : ''}`)
      return { records: fresh.flatMap((incident) => incidentSignals(incident, options.source)), cursor: next }
    },
  })
}
