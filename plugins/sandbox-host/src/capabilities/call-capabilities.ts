import type { Logger } from '@aether/plugin-api'
import { SandboxCapabilityDenied } from '../errors.js'
import type { Capabilities } from './grants.js'
import type { FetchRequest, HostFetch } from './host-fetch.js'
import type { HostKv } from './host-kv.js'
import { CapabilityRefusal } from './refusal.js'

// The kernel side of one adapter call's capabilities. The sandbox process forwards each
// `ctx.fetch` / `ctx.kv` call here as (capability, JSON text); the answer goes back as text.
// Only strings cross: the isolate, the sandbox process and this host share no objects.

/** The call a capability request belongs to, as the supervising SandboxChild keeps it. */
export interface CallScope {
  /** Aborted when the call ends (settled, timed out, process dead): in-flight work stops. */
  signal: AbortSignal
  /** performance.now() at which the call's wall-clock deadline passes. */
  deadline: number
}

/** What SandboxChild forwards capability requests to. */
export interface CapabilityHandler {
  /** Resolves with JSON text for the isolate; rejects with an Error whose message the isolate gets. */
  perform(capability: string, argument: string, scope: CallScope): Promise<string>
}

/** The host services every adapter's capabilities use. */
export interface CapabilityServices {
  fetch: HostFetch
  kv: HostKv
  maxRequestChars: number
  maxPendingPerCall: number
}

/**
 * One call's capabilities: what its adapter was granted, for its tenant. A refusal is logged
 * (adapter, tenant, capability, reason), thrown into the isolate as
 * AETHER_E_SANDBOX_CAPABILITY_DENIED, and kept in `denial`, so the call fails with that code even
 * when the adapter catches the error.
 */
export class CallCapabilities implements CapabilityHandler {
  #denial: string | undefined
  #pending = 0

  constructor(
    private readonly adapter: string,
    private readonly tenant: string,
    private readonly granted: Capabilities,
    private readonly services: CapabilityServices,
    private readonly logger: Logger,
    /** The adapter's package name, which with its name keys its kv space (state/adapter-state-of.ts). */
    private readonly identity = '',
  ) {}

  /** The first refusal of this call, if there was one. */
  get denial(): string | undefined {
    return this.#denial
  }

  async perform(capability: string, argument: string, scope: CallScope): Promise<string> {
    if (scope.signal.aborted) throw new Error('the call has ended')
    try {
      if (this.#pending >= this.services.maxPendingPerCall) throw new CapabilityRefusal(`more than ${this.services.maxPendingPerCall} capability calls at once`)
      this.#pending += 1
      try {
        return await this.#perform(capability, argument, scope)
      } finally {
        this.#pending -= 1
      }
    } catch (error) {
      if (!(error instanceof CapabilityRefusal)) throw error
      const denied = new SandboxCapabilityDenied([this.adapter, error.message])
      this.#denial ??= error.message
      this.logger.warn({ adapter: this.adapter, tenant: this.tenant, capability, reason: error.message }, 'adapter capability call refused')
      throw new Error(`${denied.code}: ${denied.message}`)
    }
  }

  async #perform(capability: string, argument: string, scope: CallScope): Promise<string> {
    if (typeof argument !== 'string' || argument.length > this.services.maxRequestChars) {
      throw new CapabilityRefusal(`${capability} request is larger than ${this.services.maxRequestChars} characters`)
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(argument)
    } catch {
      throw new CapabilityRefusal(`${capability} request is not JSON`)
    }
    if (capability === 'fetch') {
      if (this.granted.fetch.length === 0) throw new CapabilityRefusal('fetch is not granted')
      const response = await this.services.fetch.fetch(parsed as FetchRequest, this.granted.fetch, scope.signal, scope.deadline)
      return JSON.stringify(response)
    }
    if (capability === 'kv.get' || capability === 'kv.set' || capability === 'kv.delete') {
      if (!this.granted.kv) throw new CapabilityRefusal('kv is not granted')
      const [key, value] = Array.isArray(parsed) ? parsed as unknown[] : []
      const { kv } = this.services
      const ref = { adapter: this.adapter, identity: this.identity }
      if (capability === 'kv.get') return JSON.stringify(await kv.get(ref, this.tenant, key as string) ?? null)
      if (capability === 'kv.set') await kv.set(ref, this.tenant, key as string, value as string)
      else await kv.delete(ref, this.tenant, key as string)
      return 'null'
    }
    throw new CapabilityRefusal(`${JSON.stringify(capability.slice(0, 50))} is not a capability`)
  }
}

/** An adapter's capabilities as SandboxedAdapter holds them: what it was granted, and the services performing them. */
export interface AdapterCapabilities {
  granted: Capabilities
  services: CapabilityServices
}
