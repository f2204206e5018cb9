import type { DraftRecord } from '@aether/plugin-api'
import type { AdapterContext } from './adapter-context.js'
import { checkName } from './define-adapter.js'
import type { MaybePromise } from './keyed.js'

/** What one poll returns: new draft records (the host adds id and tenant) and the cursor to resume from. */
export interface SourcePoll {
  records: DraftRecord[]
  /** Given back to the next poll; `null` starts from the beginning. Keep it small: it is stored. */
  cursor: string | null
}

/** The interface a source adapter bundle exposes as `globalThis.adapter`. */
export interface SourceAdapter {
  readonly name: string
  poll(cursor: string | null, ctx: AdapterContext): MaybePromise<SourcePoll>
}

/**
 * Defines a source adapter; export it as the module's default. It usually needs the `fetch`
 * capability, and `kv` to keep an ETag.
 *
 * @example
 * export default defineSource({
 *   name: 'status-feed',
 *   async poll(cursor, ctx) {
 *     const response = await ctx.fetch!('https://status.example.com/incidents.json')
 *     return { records: [], cursor }
 *   },
 * })
 */
export function defineSource(definition: SourceAdapter): SourceAdapter {
  checkName('source', definition.name)
  if (typeof definition.poll !== 'function') throw new TypeError(`source "${definition.name}" needs a poll(cursor, ctx) function`)
  return Object.freeze({ name: definition.name, poll: definition.poll })
}
