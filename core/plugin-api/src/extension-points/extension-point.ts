import type { Logger } from '../logger.js'

/**
 * A typed token for one extension point. `single` points take exactly one provider (storage,
 * bus); `multiple` points take many, told apart by name (sources, validators, ...).
 *
 * @example
 * export const forecasterPoint = extensionPoint<Forecaster>('aether.forecaster.v1', 'multiple')
 */
export interface ExtensionPoint<T> {
  readonly id: string
  readonly cardinality: 'single' | 'multiple'
  /** Type-only brand; never set at run time. */
  readonly __implementation?: T
}

/** Declares an extension point. The id is versioned: a changed interface is a new id. */
export function extensionPoint<T>(id: string, cardinality: 'single' | 'multiple'): ExtensionPoint<T> {
  return Object.freeze({ id, cardinality })
}

/** What every extension point implementation receives with a batch. */
export interface StageContext {
  tenant: string
  /** Aborted when the kernel stops: long work should give up early. */
  signal: AbortSignal
  logger: Logger
  traceId: string
}

/** One result per input item: a bad item gives an error result, it never fails the batch. */
export type ItemResult<T> = { isOk: true; value: T } | { isOk: false; error: string }

/** Every implementation of a `multiple` point has a name that pipelines refer to. */
export interface Named {
  readonly name: string
}
