import type { FetchResponse, ReplayedRequest } from '@aether/plugin-sandbox-host'
import type { Recording, Recordings } from './read-recordings.js'

/**
 * The far side of an adapter instance's fetches, played from its recordings: a request is
 * answered by the exchange it matches (the same method and URL, every header the exchange names
 * with the same value, and its body if the exchange names one), the one naming the most headers
 * when several match, the first in the file on a tie. An exchange's responses are served in
 * order, the last repeating; that position is the instance's state, so a new instance starts
 * from each exchange's first response. Undefined: no exchange answers the request.
 */
export function recordedFarSide(recordings: Recordings): (request: ReplayedRequest) => FetchResponse | undefined {
  const served = new Map<Recording, number>()
  return (request) => {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]))
    let best: { exchange: Recording; score: number } | undefined
    for (const exchange of recordings.exchanges) {
      if (exchange.method !== request.method || exchange.url !== request.url) continue
      if (exchange.body !== undefined && exchange.body !== request.body) continue
      const named = Object.entries(exchange.headers)
      if (!named.every(([name, value]) => headers[name] === value)) continue
      const score = named.length + (exchange.body === undefined ? 0 : 1)
      if (best === undefined || score > best.score) best = { exchange, score }
    }
    if (best === undefined) return undefined
    const count = served.get(best.exchange) ?? 0
    served.set(best.exchange, count + 1)
    const response = best.exchange.responses[Math.min(count, best.exchange.responses.length - 1)] as Recording['responses'][number]
    return { status: response.status, headers: { ...response.headers }, body: response.body }
  }
}
