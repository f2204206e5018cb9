import {
  recordId, type AetherRecord, type ContractRegistry, type StageContext, type ValidationIssue, type Validator,
  type Verdict,
} from '@aether/plugin-api'

/**
 * Contract-first validation (no silent schema evolution, no correction): a record is valid when
 * it names an accepted contract, matches that contract exactly, and carries the id its source,
 * event id and contract hash to. Anything else is invalid, with every problem found.
 */
export class ContractValidator implements Validator {
  readonly name = 'contract'

  constructor(
    private readonly registry: ContractRegistry,
    private readonly accepted: ReadonlySet<string>,
  ) {
    for (const contract of accepted) {
      if (!registry.has(contract)) throw new TypeError(`Cannot accept contract "${contract}": it is not registered (known: ${registry.ids().join(', ')}).`)
    }
  }

  async validateBatch(records: unknown[], _context: StageContext): Promise<Verdict[]> {
    return records.map((record) => this.#verdict(record))
  }

  #verdict(record: unknown): Verdict {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return refuse(record, 'not a record', [{ path: '/', message: 'Expected an object' }])
    }
    const { contract } = record as { contract?: unknown }
    if (typeof contract !== 'string' || !this.accepted.has(contract)) {
      return refuse(record, `contract ${JSON.stringify(contract)} is not accepted here`, [
        { path: '/contract', message: `Expected one of ${[...this.accepted].join(', ')}` },
      ])
    }
    const check = this.registry.check(contract, record)
    if (!check.isValid) {
      const first = check.issues[0] as ValidationIssue
      const more = check.issues.length > 1 ? ` (and ${check.issues.length - 1} more)` : ''
      return refuse(record, `does not match ${contract}: ${first.path} ${first.message}${more}`, check.issues)
    }
    const valid = record as { id: string; source: string; sourceEventId: string; contract: string }
    const expectedId = recordId(valid)
    if (valid.id !== expectedId) {
      return refuse(record, 'id does not match the hash of source, sourceEventId and contract', [
        { path: '/id', message: `Expected ${expectedId}` },
      ])
    }
    return { isValid: true, record: record as AetherRecord }
  }
}

function refuse(record: unknown, reason: string, issues: ValidationIssue[]): Verdict {
  return { isValid: false, record, reason, issues }
}
