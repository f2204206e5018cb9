import type { DraftRecord } from '@aether/plugin-api'
import type { AdapterContext } from './adapter-context.js'
import { checkName } from './define-adapter.js'
import type { MaybePromise } from './keyed.js'

/** What a cursor may be: any JSON value (the host keeps it between polls, at most 16 KiB serialized). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/**
 * What one poll returns, and nothing else: new drafts of the manifest's output contract (each
 * with `contract`, `source` and `sourceEventId`; the host adds id and tenant) and the cursor to
 * resume from. A poll with no records ends the run.
 */
export interface SourcePoll<Cursor extends JsonValue = JsonValue> {
  records: DraftRecord[]
  /** Given to the next poll; never undefined (`null` starts over). */
  cursor: Cursor | null
}

/** The interface a source adapter bundle exposes as `globalThis.adapter`. */
export interface SourceAdapter<Cursor extends JsonValue = JsonValue> {
  readonly name: string
  /** `cursor` is null at the first poll of a run, then what the previous poll returned. */
  poll(cursor: Cursor | null, ctx: AdapterContext): MaybePromise<SourcePoll<Cursor>>
}

/**
 * Defines a source adapter; export it as the module's default. It usually needs the `fetch`
 * capability (`"capabilities": ["fetch:status.example.com"]`).
 *
 * @example
 * export default defineSource<{ etag: string }>({
 *   name: 'status-feed',
 *   async poll(cursor, ctx) {
 *     const response = await ctx.fetch!('https://status.example.com/incidents.json')
 *     return { records: [], cursor }
 *   },
 * })
 */
export function defineSource<Cursor extends JsonValue = JsonValue>(definition: SourceAdapter<Cursor>): SourceAdapter<Cursor> {
  checkName('source', definition.name)
  if (typeof definition.poll !== 'function') throw new TypeError(`source "${definition.name}" needs a poll(cursor, ctx) function`)
  return Object.freeze({ name: definition.name, poll: definition.poll })
}
