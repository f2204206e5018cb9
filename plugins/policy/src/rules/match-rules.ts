import type { FiredRule } from '@aether/plugin-api'
import type { AttributeValue, RuleConditions, RulesFile } from './rules-file.js'

/** What rules can match on: where the workload runs and its attributes. */
export interface Subject {
  tenant: string
  region: string
  zone?: string
  pool: string
  attributes: Readonly<Record<string, AttributeValue>>
}

/** The settings that hold for one subject once every matching rule is applied. */
export interface Settings {
  migrateAt: number
  drainAt: number
  maxAction: 'hold' | 'migrate' | 'drain'
  maxRiskAllocation: number
  fired: FiredRule[]
}

interface CompiledRule {
  when: RuleConditions
  then: Partial<Omit<Settings, 'fired'>>
  fired: FiredRule
}

// Each rules file's rules with their effect text made once: evaluation runs per workload and forecast.
const compiled = new WeakMap<RulesFile, CompiledRule[]>()

function compile(rules: RulesFile): CompiledRule[] {
  let result = compiled.get(rules)
  if (result === undefined) {
    result = rules.rules.map((rule) => ({
      when: rule.when,
      then: rule.then,
      fired: Object.freeze({ id: rule.id, effect: Object.entries(rule.then).map(([name, value]) => `${name}=${value}`).join(', ') }),
    }))
    compiled.set(rules, result)
  }
  return result
}

/** Applies the defaults, then every rule whose conditions hold, in file order. */
export function settingsFor(rules: RulesFile, subject: Subject): Settings {
  const settings: Settings = { ...rules.defaults, maxAction: 'drain', fired: [] }
  for (const rule of compile(rules)) {
    if (!matches(rule.when, subject)) continue
    Object.assign(settings, rule.then)
    settings.fired.push(rule.fired)
  }
  // Rules checked one by one can still combine into an inverted pair: drain then starts where migrate does.
  if (settings.drainAt < settings.migrateAt) settings.drainAt = settings.migrateAt
  return settings
}

/** True when every condition given holds for the subject. */
export function matches(when: RuleConditions, subject: Subject): boolean {
  if (when.tenant !== undefined && !when.tenant.includes(subject.tenant)) return false
  if (when.region !== undefined && !when.region.includes(subject.region)) return false
  if (when.zone !== undefined && (subject.zone === undefined || !when.zone.includes(subject.zone))) return false
  if (when.pool !== undefined && !when.pool.includes(subject.pool)) return false
  if (when.workload !== undefined) {
    for (const [name, allowed] of Object.entries(when.workload)) {
      const value = subject.attributes[name]
      if (value === undefined || !allowed.includes(value)) return false
    }
  }
  return true
}
