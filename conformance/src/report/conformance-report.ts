import { Type, type Static } from '@sinclair/typebox'

/** How one check ended. `skip`: it could not run (an earlier check it needs failed), with why. */
export const CheckStatus = Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('skip')])
export type CheckStatus = Static<typeof CheckStatus>

/** One check's result. Everything but `timing` and `measurements` is the same on every run. */
export const CheckResult = Type.Object({
  /** Stable id, e.g. `package.sha512`; docs/conformance.md describes each. */
  id: Type.String({ pattern: '^[a-z][a-z0-9.-]*$' }),
  title: Type.String(),
  status: CheckStatus,
  /** What was seen, as sentences a person reads; examples are capped. */
  evidence: Type.Array(Type.String()),
  /** Measured numbers (rates, elapsed times); they vary from run to run. */
  measurements: Type.Optional(Type.Record(Type.String(), Type.Number())),
  timing: Type.Object({ ms: Type.Number({ minimum: 0 }) }),
})
export type CheckResult = Static<typeof CheckResult>

const Changes = Type.Object({ count: Type.Integer({ minimum: 0 }), examples: Type.Array(Type.String(), { maxItems: 5 }) })

/** What changed from a baseline version to this one on the same recorded inputs (`--baseline`). */
export const BaselineChanges = Type.Object({
  inputs: Type.Integer({ minimum: 0 }),
  /** Ids only one version returned. */
  changedIds: Changes,
  /** Outputs accepted by one version and refused by the other. */
  changedRouting: Changes,
  addedFields: Changes,
  removedFields: Changes,
  changedValues: Changes,
  /** The share of outputs each version refused, 0..1. */
  errorRate: Type.Object({ baseline: Type.Number(), candidate: Type.Number() }),
})
export type BaselineChanges = Static<typeof BaselineChanges>

/** The JSON report of one conformance run (schema/conformance-report.schema.json). */
export const ConformanceReport = Type.Object({
  schema: Type.Literal('aether.conformance-report.v1'),
  adapter: Type.Object({
    /** From the manifest, or null when it could not be read. */
    name: Type.Union([Type.String(), Type.Null()]),
    version: Type.Union([Type.String(), Type.Null()]),
    kind: Type.Union([Type.String(), Type.Null()]),
    /** `directory` or `tarball`: what was given to the harness. */
    artifact: Type.Union([Type.Literal('directory'), Type.Literal('tarball')]),
    /** sha512 of the tarball, or for a folder of its bundle; null when there is none to hash. */
    sha512: Type.Union([Type.String({ pattern: '^[0-9a-f]{128}$' }), Type.Null()]),
  }),
  kernelVersion: Type.String(),
  harnessVersion: Type.String(),
  /** `pass` when no check failed. */
  verdict: Type.Union([Type.Literal('pass'), Type.Literal('fail')]),
  summary: Type.Object({ pass: Type.Integer(), fail: Type.Integer(), skip: Type.Integer() }),
  /** In the order docs/conformance.md lists them. */
  checks: Type.Array(CheckResult),
  /** With `--baseline`: the earlier version compared, and every change in behaviour. */
  baseline: Type.Optional(Type.Object({
    name: Type.Union([Type.String(), Type.Null()]),
    version: Type.Union([Type.String(), Type.Null()]),
    sha512: Type.Union([Type.String(), Type.Null()]),
    /** What was replayed through both. */
    traffic: Type.String(),
    changes: BaselineChanges,
  })),
  timing: Type.Object({ totalMs: Type.Number({ minimum: 0 }) }),
}, { $id: 'https://aether.dev/schemas/conformance-report.v1.json', additionalProperties: false })
export type ConformanceReport = Static<typeof ConformanceReport>
