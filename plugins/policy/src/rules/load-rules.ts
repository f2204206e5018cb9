import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { Value } from '@sinclair/typebox/value'
import { RulesInvalid, RulesUnreadable } from '../errors.js'
import { RulesFile } from './rules-file.js'

const check = TypeCompiler.Compile(RulesFile)

/** Rules checked and ready to evaluate, with the version every decision names. */
export interface LoadedRules {
  rules: RulesFile
  /** `sha256:` and the first 16 hex digits of the file's bytes: changes whenever the file does. */
  version: string
  /** Where they came from, for messages. */
  file: string
}

/** Reads and checks a rules file; throws RulesUnreadable or RulesInvalid naming the bad path. */
export async function loadRules(file: string): Promise<LoadedRules> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new RulesUnreadable([file, (error as NodeJS.ErrnoException).code ?? String(error)], { cause: error })
  }
  return parseRules(text, file)
}

/** Checks rules text (JSON) as loadRules does, for a file already read. */
export function parseRules(text: string, file: string): LoadedRules {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new RulesUnreadable([file, `not JSON (${(error as Error).message})`], { cause: error })
  }
  const rules = Value.Default(RulesFile, value)
  const first = check.Errors(rules).First()
  if (first !== undefined) throw new RulesInvalid([file, first.path || '/', `${first.message} (got ${JSON.stringify(first.value)})`])
  checkOrder(rules as RulesFile, file)
  return { rules: rules as RulesFile, version: `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, file }
}

/** The thresholds the schema cannot relate: migrateAt below drainAt, by default and in each rule. */
function checkOrder(rules: RulesFile, file: string): void {
  const { migrateAt, drainAt } = rules.defaults
  if (migrateAt >= drainAt) throw new RulesInvalid([file, '/defaults/migrateAt', `migrateAt ${migrateAt} must be below drainAt ${drainAt}`])
  const ids = new Set<string>()
  rules.rules.forEach((rule, index) => {
    if (ids.has(rule.id)) throw new RulesInvalid([file, `/rules/${index}/id`, `rule id "${rule.id}" is used twice`])
    ids.add(rule.id)
    const ruleMigrateAt = rule.then.migrateAt ?? migrateAt
    const ruleDrainAt = rule.then.drainAt ?? drainAt
    if (ruleMigrateAt >= ruleDrainAt) {
      const path = rule.then.migrateAt === undefined ? `/rules/${index}/then/drainAt` : `/rules/${index}/then/migrateAt`
      throw new RulesInvalid([file, path, `migrateAt ${ruleMigrateAt} must be below drainAt ${ruleDrainAt} (with the defaults filled in)`])
    }
  })
}
