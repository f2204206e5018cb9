import { Type, type Static } from '@sinclair/typebox'
import { DecisionAction } from './decision-v1.js'
import { recordHeader, Timestamp } from './record-fields.js'

/** A rule that matched a decision's inputs, and what it set. */
export const FiredRule = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  /** What the rule changed, e.g. `migrateAt=0.4` or `maxAction=migrate`. */
  effect: Type.String({ maxLength: 500 }),
}, { additionalProperties: false })
export type FiredRule = Static<typeof FiredRule>

/** A guardrail that looked at a decision: whether it changed the action, and why. */
export const AppliedGuardrail = Type.Object({
  /** `kill-switch`, `cooldown` or `migration-rate`. */
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** `held` when it turned a migrate or drain into a hold. */
  outcome: Type.Union([Type.Literal('held'), Type.Literal('passed')]),
  detail: Type.String({ maxLength: 500 }),
}, { additionalProperties: false })
export type AppliedGuardrail = Static<typeof AppliedGuardrail>

/** Everything a decision was made from, stored with it so it can be explained and replayed. */
export const DecisionExplanation = Type.Object({
  inputs: Type.Object({
    probability: Type.Number({ minimum: 0, maximum: 1 }),
    horizonMinutes: Type.Integer({ minimum: 1 }),
    features: Type.Record(Type.String(), Type.Number()),
    /** The workload's attributes the rules could match on. */
    attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  }, { additionalProperties: false }),
  /** The forecaster model and version that answered, e.g. `heuristic-baseline@1`. */
  model: Type.String({ minLength: 1, maxLength: 100 }),
  /** The rules file's version (its content hash) the decision was made under. */
  rulesVersion: Type.String({ minLength: 1, maxLength: 100 }),
  /** What the policy would have done before the guardrails. */
  proposedAction: DecisionAction,
  rulesFired: Type.Array(FiredRule),
  guardrails: Type.Array(AppliedGuardrail),
}, { additionalProperties: false })
export type DecisionExplanation = Static<typeof DecisionExplanation>

/**
 * A policy engine's decision for one workload on a forecast pool: decision.v1 plus the workload,
 * a risk allocation factor and a structured explanation. Runs beside decision.v1.
 */
export const DecisionV2 = Type.Object({
  ...recordHeader('decision.v2'),
  timestamp: Timestamp,
  region: Type.String({ minLength: 1, maxLength: 100 }),
  zone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  pool: Type.String({ minLength: 1, maxLength: 100 }),
  forecastId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  /** The workload the decision is for. */
  workload: Type.String({ minLength: 1, maxLength: 200 }),
  action: DecisionAction,
  probability: Type.Number({ minimum: 0, maximum: 1 }),
  /** How sure the policy is of the action, 0 .. 1. */
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  /** The share of the workload to move off the pool now: 0 holds it all, 1 moves it all. */
  riskAllocation: Type.Number({ minimum: 0, maximum: 1 }),
  /** The policy and its version, e.g. `rules@1`. */
  policy: Type.String({ minLength: 1, maxLength: 100 }),
  /** The explanation for people, one sentence. */
  explanation: Type.String({ minLength: 1, maxLength: 4000 }),
  details: DecisionExplanation,
}, { $id: 'decision.v2', additionalProperties: false })
export type DecisionV2 = Static<typeof DecisionV2>
