import { Type, type Static } from '@sinclair/typebox'

const Name = Type.String({ minLength: 1, maxLength: 200 })
const Share = Type.Number({ minimum: 0, maximum: 1 })
const Probability = Type.Number({ exclusiveMinimum: 0, maximum: 1 })

/** A workload attribute value a rule can match: a string, number or boolean. */
export const AttributeValue = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()])
export type AttributeValue = Static<typeof AttributeValue>

/** The action names, mildest first. */
export const Action = Type.Union([Type.Literal('hold'), Type.Literal('migrate'), Type.Literal('drain')])

/**
 * When a rule applies (attribute-based): every condition given must hold, and a list matches
 * any of its values. An empty `when` matches everything.
 */
export const RuleConditions = Type.Object({
  tenant: Type.Optional(Type.Array(Name, { minItems: 1 })),
  region: Type.Optional(Type.Array(Name, { minItems: 1 })),
  zone: Type.Optional(Type.Array(Name, { minItems: 1 })),
  pool: Type.Optional(Type.Array(Name, { minItems: 1 })),
  /** Workload attributes: each named attribute must have one of the listed values. */
  workload: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' }),
    Type.Array(AttributeValue, { minItems: 1 }))),
}, { additionalProperties: false })
export type RuleConditions = Static<typeof RuleConditions>

/** What a matching rule sets. Later matching rules override what earlier ones set. */
export const RuleEffect = Type.Object({
  /** P(preemption) from which the workload migrates. */
  migrateAt: Type.Optional(Probability),
  /** P(preemption) from which the workload drains. */
  drainAt: Type.Optional(Probability),
  /** The most severe action allowed: `migrate` never drains, `hold` never moves. */
  maxAction: Type.Optional(Action),
  /** The largest share of the workload a migrate moves at once. */
  maxRiskAllocation: Type.Optional(Share),
}, { additionalProperties: false, minProperties: 1 })
export type RuleEffect = Static<typeof RuleEffect>

/** One rule: an id for explanations, its conditions and its effect. */
export const Rule = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  when: RuleConditions,
  then: RuleEffect,
}, { additionalProperties: false })
export type Rule = Static<typeof Rule>

/** Limits on how much the policy may move, whatever the forecasts say. */
export const GuardrailSettings = Type.Object({
  /** When true, every migrate and drain becomes a hold. */
  killSwitch: Type.Boolean({ default: false }),
  /** At most `max` migrations (migrate or drain) per tenant and region in any `windowMinutes`. */
  migrationRate: Type.Object({
    max: Type.Integer({ minimum: 0, default: 10 }),
    windowMinutes: Type.Integer({ minimum: 1, default: 60 }),
  }, { additionalProperties: false, default: {} }),
  /** After a workload moved, it holds for this many minutes. */
  cooldownMinutes: Type.Integer({ minimum: 0, default: 120 }),
}, { additionalProperties: false, default: {} })
export type GuardrailSettings = Static<typeof GuardrailSettings>

/** A rules file: defaults, rules in order, guardrails. */
export const RulesFile = Type.Object({
  version: Type.Literal(1),
  defaults: Type.Object({
    migrateAt: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5 }),
    drainAt: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.8 }),
    maxRiskAllocation: Type.Number({ minimum: 0, maximum: 1, default: 1 }),
  }, { additionalProperties: false, default: {} }),
  rules: Type.Array(Rule, { default: [] }),
  guardrails: GuardrailSettings,
}, { additionalProperties: false })
export type RulesFile = Static<typeof RulesFile>
