import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import { ContractDuplicate, ContractIdMissing, ContractUnknown } from '../errors.js'
import { DecisionV1 } from './decision-v1.js'
import { DecisionV2 } from './decision-v2.js'
import { EnrichmentV1 } from './enrichment-v1.js'
import { ForecastV1 } from './forecast-v1.js'
import type { ValidationIssue } from './invalid-record.js'
import { SignalV1 } from './signal-v1.js'
import { findUnstorable } from './storable.js'
import { TelemetryV1 } from './telemetry-v1.js'

/** The outcome of checking one value against one contract. */
export type ContractCheck = { isValid: true } | { isValid: false; issues: ValidationIssue[] }

// One shared (frozen) outcome for every value that passes: most do, and it says nothing else.
const passed: ContractCheck = Object.freeze({ isValid: true })

/**
 * Contracts by id, each compiled once. Several versions of a contract live side by side
 * (`signal.v1`, `signal.v2`): a record names the one it follows.
 */
export class ContractRegistry {
  readonly #checks = new Map<string, TypeCheck<TSchema>>()

  /** Adds a contract; its schema must carry an `$id`, which becomes the contract id. */
  register(schema: TSchema): this {
    const id = schema.$id
    if (id === undefined) throw new ContractIdMissing([])
    if (this.#checks.has(id)) throw new ContractDuplicate([id])
    this.#checks.set(id, TypeCompiler.Compile(schema))
    return this
  }

  has(contract: string): boolean {
    return this.#checks.has(contract)
  }

  /** The registered contract ids, sorted. */
  ids(): string[] {
    return [...this.#checks.keys()].sort()
  }

  /** Checks a value against a contract and lists every failure with its path. */
  check(contract: string, value: unknown): ContractCheck {
    const typeCheck = this.#checks.get(contract)
    if (typeCheck === undefined) throw new ContractUnknown([contract, this.ids()])
    if (!typeCheck.Check(value)) {
      const issues = [...typeCheck.Errors(value)].map((error) => ({ path: error.path || '/', message: error.message }))
      return { isValid: false, issues }
    }
    // A record storage cannot hold is not valid, whatever its schema says: it would fail the write
    // of every batch it travels in.
    const unstorable = findUnstorable(value)
    return unstorable === undefined ? passed : { isValid: false, issues: [unstorable] }
  }
}

/** A registry holding the contracts Aether defines. */
export function createContractRegistry(): ContractRegistry {
  return new ContractRegistry()
    .register(SignalV1)
    .register(TelemetryV1)
    .register(EnrichmentV1)
    .register(ForecastV1)
    .register(DecisionV1)
    .register(DecisionV2)
}
