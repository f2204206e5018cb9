/**
 * What an adapter gets with every call. Only `tenant` and `log` are always there; a capability is
 * present only when the manifest asks for it and the operator grants it, so check before use.
 */
export interface AdapterContext {
  /** The tenant whose records this call carries; every output record repeats it. */
  readonly tenant: string
  /** Writes one log line; the host caps lines and length per call. */
  log(message: string): void
  /** HTTP to the hosts the operator allowed, run by the host (capability `fetch`). */
  readonly fetch?: AdapterFetch
  /** A small key-value store of this adapter and tenant (capability `kv`). */
  readonly kv?: AdapterKv
}

/** A request the `fetch` capability makes. */
export interface AdapterFetchRequest {
  method?: 'GET' | 'HEAD' | 'POST'
  headers?: Record<string, string>
  body?: string
}

/** What the `fetch` capability answers: the body as text, capped in size by the host. */
export interface AdapterFetchResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** The `fetch` capability: refused calls reject with `AETHER_E_SANDBOX_CAPABILITY_DENIED`. */
export type AdapterFetch = (url: string, request?: AdapterFetchRequest) => Promise<AdapterFetchResponse>

/** The `kv` capability: string values, per adapter and tenant, within a quota. */
export interface AdapterKv {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}
