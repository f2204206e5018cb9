import { Type } from '@sinclair/typebox'

// Response schemas of the search API, as /docs shows them.

const State = Type.Union(['submitted', 'testing', 'certified', 'rejected', 'deprecated', 'yanked'].map((state) => Type.Literal(state)))
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** One search result: a package as its latest version describes it. */
export const SearchResult = Type.Object({
  name: Type.String(),
  publisher: Nullable(Type.String()),
  version: Type.String({ description: 'the latest version' }),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  kind: Nullable(Type.String({ description: 'null for a plain npm package' })),
  engine: Nullable(Type.String({ description: "the kernel range of the adapter's manifest" })),
  capabilities: Type.Array(Type.String()),
  state: Nullable(State),
  isCertified: Type.Boolean(),
  deprecated: Nullable(Type.String()),
  publishedAt: Type.String({ format: 'date-time' }),
  score: Type.Number(),
})

export const SearchResponse = Type.Object({
  total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), results: Type.Array(SearchResult),
})

export const PublisherResponse = Type.Object({ publisher: Type.String(), total: Type.Integer(), packages: Type.Array(SearchResult) })

const Usage = Type.Union([
  Type.Object({
    isRecorded: Type.Literal(true), calls: Type.Number(), records: Type.Number(), cpuMs: Type.Number(), tenants: Type.Number(),
    firstDay: Type.String(), lastDay: Type.String(),
  }),
  Type.Object({ isRecorded: Type.Literal(false), note: Type.String() }),
])

export const PackageDetailResponse = Type.Object({
  name: Type.String(),
  publisher: Nullable(Type.String()),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  license: Nullable(Type.String()),
  distTags: Type.Record(Type.String(), Type.String()),
  version: Type.String({ description: 'the version shown' }),
  readme: Type.String(),
  kind: Nullable(Type.String()),
  versions: Type.Array(Type.Object({
    version: Type.String(), publishedAt: Type.String(), deprecated: Nullable(Type.String()), tags: Type.Array(Type.String()),
    kind: Nullable(Type.String()), engine: Nullable(Type.String()), state: Nullable(State), submission: Nullable(Type.Integer()),
  })),
  conformance: Nullable(Type.Object({
    state: State, submission: Type.Integer(), problem: Nullable(Type.String()), decidedAt: Nullable(Type.String()),
    reportPath: Nullable(Type.String()),
    report: Type.Unknown({ description: 'the conformance report (aether.conformance-report.v1), null before judging or when the harness could not run' }),
  })),
  permissions: Type.Object({
    requested: Type.Array(Type.String(), { description: "the capabilities the adapter's manifest requests" }),
    certified: Nullable(Type.Array(Type.String(), { description: 'the capabilities its certificate covers' })),
    kernelRange: Nullable(Type.String()), keyId: Nullable(Type.String()), signedAt: Nullable(Type.String()),
  }),
  usage: Usage,
})

// `npm search` reads this shape (the public registry's /-/v1/search).
export const NpmSearchResponse = Type.Object({
  objects: Type.Array(Type.Object({
    package: Type.Object({
      name: Type.String(), version: Type.String(), description: Type.String(), keywords: Type.Array(Type.String()), date: Type.String(),
      publisher: Type.Optional(Type.Object({ username: Type.String() })), maintainers: Type.Array(Type.Object({ username: Type.String() })), links: Type.Object({ npm: Type.Optional(Type.String()) }),
    }),
    score: Type.Object({ final: Type.Number(), detail: Type.Object({ quality: Type.Number(), popularity: Type.Number(), maintenance: Type.Number() }) }),
    searchScore: Type.Number(),
  })),
  total: Type.Integer(),
  time: Type.String(),
})
