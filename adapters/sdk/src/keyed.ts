/** What every record crossing into an adapter has, and every output record must repeat unchanged. */
export interface Keyed {
  id: string
  tenant: string
}

/** The output for one record the adapter cannot handle: its id and tenant, and why. */
export interface ItemError extends Keyed {
  error: string
}

/** A value that may be awaited: every `process` may be synchronous or async. */
export type MaybePromise<T> = T | Promise<T>
