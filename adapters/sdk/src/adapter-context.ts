/**
 * What an adapter gets with every call. Only `tenant` and `log` are always there; a capability is
 * present only when the manifest asks for it and the operator grants it, so check before use.
 */
export interface AdapterContext {
  /** The tenant whose records this call carries; every output record repeats it. */
  readonly tenant: string
  /** Writes one log line; the host caps lines and length per call. */
  log(message: string): void
  /** HTTP to the hosts the operator allowed, run by the host (capability `fetch:<host>[:<port>]`). */
  readonly fetch?: AdapterFetch
  /** A small key-value store of this adapter and tenant (capability `kv`). */
  readonly kv?: AdapterKv
}

/** A request the `fetch` capability makes; the host sets `host`, `content-length` and the connection headers itself. */
export interface AdapterFetchRequest {
  /** GET unless given; also HEAD, POST, PUT, PATCH, DELETE, OPTIONS. */
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  headers?: Record<string, string>
  body?: string
}

/** What the `fetch` capability answers: the body as text, capped in size by the host. Redirects are not followed. */
export interface AdapterFetchResponse {
  readonly status: number
  /** True for a 2xx status. */
  readonly ok: boolean
  /** Lowercase header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * The `fetch` capability. A refused URL (not granted, a private address, ...) rejects with an
 * Error whose message starts `AETHER_E_SANDBOX_CAPABILITY_DENIED:`, and the call fails with that
 * code even if the adapter catches it; a network failure rejects with `fetch failed: ...`, which
 * the adapter may handle.
 */
export type AdapterFetch = (url: string, request?: AdapterFetchRequest) => Promise<AdapterFetchResponse>

/** The `kv` capability: string keys (1..512 characters) and values, per adapter and tenant, within a quota. */
export interface AdapterKv {
  /** The value, or `null` when the key has none. */
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}
