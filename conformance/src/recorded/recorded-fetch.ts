import { type Static, Type } from '@sinclair/typebox'

// The format of an adapter's recorded traffic: conformance/recorded-fetch.json in the adapter
// package, published as schema/recorded-fetch.schema.json. The harness runs offline and answers
// every ctx.fetch from it (docs/conformance.md, "Recorded traffic").

/** Where in an adapter package the harness looks for its recorded traffic. */
export const recordedFetchFile = 'conformance/recorded-fetch.json'

const Headers = Type.Record(Type.String({ pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]{1,100}$' }), Type.String({ maxLength: 8_192 }), {
  description: 'Header names are compared without regard to case. In a request: headers it must carry with these values (others are not compared); in a response: given to the adapter in lower case, as the host gives them',
})

export const RecordedResponse = Type.Object({
  status: Type.Integer({ minimum: 100, maximum: 599 }),
  headers: Type.Optional(Headers),
  body: Type.Optional(Type.String({ description: 'The body as text; an empty body when neither body nor bodyFile is given' })),
  bodyFile: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A file beside recorded-fetch.json (a path inside the conformance folder) holding the body' })),
}, { additionalProperties: false })

export const RecordedExchange = Type.Object({
  request: Type.Object({
    method: Type.Optional(Type.String({ pattern: '^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$', default: 'GET' })),
    url: Type.String({ minLength: 1, maxLength: 2_048, description: 'The absolute URL, compared after parsing (new URL(url).href)' }),
    headers: Type.Optional(Headers),
    body: Type.Optional(Type.String({ description: 'When given, the request body must be exactly this' })),
  }, { additionalProperties: false }),
  responses: Type.Array(RecordedResponse, {
    minItems: 1, maxItems: 100,
    description: 'Served in order to the requests this exchange answers in one adapter instance, the last one repeating: a far side whose state changes',
  }),
}, { additionalProperties: false })

export const RecordedFetch = Type.Object({
  schema: Type.Literal('aether.recorded-fetch.v1'),
  exchanges: Type.Array(RecordedExchange, { maxItems: 1_000 }),
}, { additionalProperties: false, $id: 'https://aether.dev/schemas/recorded-fetch.v1.json', title: 'An adapter\'s recorded fetch traffic, which the conformance harness answers its ctx.fetch from' })
export type RecordedFetch = Static<typeof RecordedFetch>
