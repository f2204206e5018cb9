import { performance } from 'node:perf_hooks'
import type { Logger } from '@aether/plugin-api'
import { type FrozenClock, type InstalledAdapter, SandboxedAdapter, SandboxPool } from '@aether/plugin-sandbox-host'
import { goldenBatch, loadBatch } from '../golden/kind-inputs.js'
import type { Recordings } from '../recorded/read-recordings.js'
import type { BatchOutcome } from './batch-outcome.js'
import { pollRedelivered, runBatch } from './kind-driver.js'
import { type CapabilityUse, observedCapabilities } from './observed-capabilities.js'
import { recordingLogger } from './recording-logger.js'

/** The two tenants the checks call for; their names appear nowhere in the golden records. */
export const tenants = { a: 'conformance-tenant-a', b: 'conformance-tenant-b' } as const

/**
 * The clock of every harness call unless a run turns it off: Date stands at this instant (after
 * every golden record) and Math.random restarts from this seed, so that a legal adapter reading
 * either gives the same output twice.
 */
export const harnessClock: FrozenClock = { nowMs: Date.parse('2024-01-01T00:00:00.000Z'), seed: 0x5eed_a37e }

/** How the harness runs an adapter besides its package: its recorded traffic and the clock of its calls. */
export interface HarnessSetup {
  recordings: Recordings
  /** Undefined: calls see the real clock and an unseeded Math.random. */
  frozenClock: FrozenClock | undefined
}

/** Log limits of the harness's calls: the sandbox host's defaults. */
const logLimits = { maxLinesPerCall: 100, maxLineChars: 1_000 }

/** A batch's outcome and how long the call took. */
export interface TimedOutcome {
  outcome: BatchOutcome
  ms: number
}

/**
 * The adapter with state of its own (its kv store, and where its recorded far side is in each
 * sequence of responses): calls on one instance share that state as they would in one host; a
 * new instance starts empty. Every capability use is recorded.
 */
export class AdapterInstance {
  readonly logger = recordingLogger()
  readonly #adapter: SandboxedAdapter
  readonly #uses: CapabilityUse[]

  constructor(private readonly installed: InstalledAdapter, pool: SandboxPool, setup: HarnessSetup) {
    const observed = observedCapabilities(installed, setup.recordings)
    this.#adapter = new SandboxedAdapter(installed, pool, logLimits, observed.capabilities, setup.frozenClock)
    this.#uses = observed.uses
  }

  async run(inputs: unknown[], tenant: string): Promise<TimedOutcome> {
    const started = performance.now()
    const outcome = await runBatch(this.installed.manifest.kind, this.#adapter, inputs, tenant, this.logger as Logger)
    return { outcome, ms: performance.now() - started }
  }

  /** A source's run from the null cursor with every poll made twice in a row (see pollRedelivered). */
  redelivered(tenant: string): Promise<{ first: BatchOutcome; again: BatchOutcome }> {
    return pollRedelivered(this.#adapter, tenant, this.logger as Logger)
  }

  /** Capability uses so far: those the host performed or looked up, and those it refused. */
  uses(): CapabilityUse[] {
    const refused = this.logger.lines
      .filter((line) => line.msg === 'adapter capability call refused')
      .map((line): CapabilityUse => ({
        capability: String(line.capability).startsWith('kv') ? 'kv' : 'fetch',
        detail: `refused: ${String(line.reason)}`,
        isDeclared: false,
      }))
    return [...this.#uses, ...refused]
  }
}

/**
 * The sandbox host of one conformance run: one pool of supervised sandbox processes, the
 * instances the checks made (the capabilities check reads their uses), and the golden and load
 * runs several checks share.
 */
export class HarnessHost {
  readonly pool: SandboxPool
  readonly instances: AdapterInstance[] = []
  #golden: Promise<TimedOutcome> | undefined
  #load: Promise<TimedOutcome & { inputs: number }> | undefined
  #main: AdapterInstance | undefined

  constructor(readonly adapter: InstalledAdapter, readonly setup: HarnessSetup, poolSize = 1) {
    this.pool = new SandboxPool(poolSize, recordingLogger())
  }

  start(): Promise<void> {
    return this.pool.start()
  }

  stop(): Promise<void> {
    return this.pool.stop()
  }

  /** A new instance, with empty state. */
  instance(): AdapterInstance {
    const instance = new AdapterInstance(this.adapter, this.pool, this.setup)
    this.instances.push(instance)
    return instance
  }

  /** The instance the golden run used (idempotency replays on it). */
  mainInstance(): AdapterInstance {
    this.#main ??= this.instance()
    return this.#main
  }

  /** The golden batch for tenant A on the main instance, the first call of the run; once. */
  golden(): Promise<TimedOutcome> {
    this.#golden ??= this.mainInstance().run(goldenBatch(this.adapter.manifest.kind, tenants.a), tenants.a)
    return this.#golden
  }

  /** The load profile on a fresh instance, once (limits and performance read it). */
  load(): Promise<TimedOutcome & { inputs: number }> {
    this.#load ??= (async () => {
      const inputs = loadBatch(this.adapter.manifest.kind, tenants.a)
      return { ...await this.instance().run(inputs, tenants.a), inputs: inputs.length }
    })()
    return this.#load
  }
}
