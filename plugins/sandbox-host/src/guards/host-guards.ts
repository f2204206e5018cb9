import { hostname } from 'node:os'
import { storagePoint, type PluginContext, type RecordStorage } from '@aether/plugin-api'
import type { SandboxHostConfig } from '../config.js'
import { dailyUsage } from '../metering/daily-usage.js'
import { UsageMeter } from '../metering/usage-meter.js'
import type { InstalledAdapter } from '../read-adapter.js'
import { auditLedgerOf, type AuditLedgerAccess } from './audit-ledger-of.js'
import { CircuitBreaker, type BreakerState, type BreakerTransition } from './circuit-breaker.js'
import { CpuBudget } from './cpu-budget.js'
import type { AdapterGuards } from './guarded-adapter.js'
import { breakerStateValue, sandboxMetrics, type SandboxMetrics } from './sandbox-metrics.js'
import { utcDay, type Clock } from './utc-day.js'

/** What the audit ledger calls the sandbox host's breaker entries. */
export const breakerAuditKind = 'sandbox.breaker'

/** The audit subject of an adapter's breaker entries. */
export function breakerSubject(adapter: string): string {
  return `adapter:${adapter}`
}

/**
 * The guards of every adapter of one sandbox host and what they report to: breaker transitions
 * go to the log, the state gauge and (when the storage keeps an audit ledger) an audit entry;
 * usage goes to storage every `usage.flushIntervalMs` and on stop, and the CPU budgets read
 * back what the day's stored usage says was spent elsewhere, at start and after each flush. Storage is looked up when the
 * kernel starts, so the storage plugin may come before or after this one in the list; without
 * one, usage stays in memory and the host says so once.
 */
export class HostGuards {
  readonly meter: UsageMeter
  readonly #metrics: SandboxMetrics
  readonly #breakers: CircuitBreaker[] = []
  readonly #budgets = new Map<string, CpuBudget>()
  readonly #auditing = new Set<Promise<void>>()
  #storage: RecordStorage | undefined
  #ledger: AuditLedgerAccess | undefined
  #timer: NodeJS.Timeout | undefined

  constructor(
    private readonly context: Pick<PluginContext<SandboxHostConfig>, 'config' | 'logger' | 'metrics' | 'tenant' | 'resolve' | 'manifest'>,
    private readonly now: Clock = () => Date.now(),
  ) {
    this.meter = new UsageMeter(now)
    this.#metrics = sandboxMetrics(context.metrics)
  }

  /** The guards of one adapter. */
  forAdapter(adapter: InstalledAdapter): AdapterGuards {
    const { name, limits } = adapter.manifest
    const breaker = new CircuitBreaker(name, this.context.config.breaker, (transition) => this.#transitioned(transition), this.now)
    this.#breakers.push(breaker)
    this.#metrics.breakerState.set({ adapter: name }, breakerStateValue.closed)
    const budget = new CpuBudget(limits.cpuMsPerDay ?? this.context.config.maxima.cpuMsPerDay, this.now)
    this.#budgets.set(name, budget)
    return { breaker, budget, meter: this.meter, metrics: this.#metrics }
  }

  /** Each adapter's breaker state now. */
  breakerStates(): Record<string, BreakerState> {
    return Object.fromEntries(this.#breakers.map((breaker) => [breaker.adapter, breaker.state]))
  }

  /** Finds storage, restores the day's CPU spend from it and starts the periodic flush. */
  async start(): Promise<void> {
    try {
      this.#storage = this.context.resolve(storagePoint)
      this.#ledger = auditLedgerOf(this.#storage)
    } catch {
      this.context.logger.warn('no storage plugin is loaded: adapter usage is not stored and breaker transitions are only logged')
    }
    if (this.#storage !== undefined && this.#ledger === undefined) {
      this.context.logger.warn({ storage: this.#storage.describe() }, 'this storage keeps no audit ledger: breaker transitions are only logged')
    }
    if (this.#storage !== undefined) {
      await this.#readSpendElsewhere(this.#storage).catch((error: unknown) => {
        throw new Error(`the sandbox host could not read today's adapter usage from storage to restore the daily CPU budgets: ${(error as Error).message}`, { cause: error })
      })
    }
    this.#timer = setInterval(() => void this.flush().catch((error: unknown) => {
      this.context.logger.warn({ err: error }, 'adapter usage could not be stored; it is kept and written with the next flush')
    }), this.context.config.usage.flushIntervalMs)
    this.#timer.unref()
  }

  /** Writes the usage counted so far, then reads the day's spend of other processes back (nothing without storage). */
  async flush(): Promise<void> {
    if (this.#storage === undefined) return
    await this.meter.flush(this.#storage)
    await this.#readSpendElsewhere(this.#storage).catch((error: unknown) => {
      this.context.logger.warn({ err: error }, 'the day\'s adapter usage could not be read back: the CPU budgets keep the last reading of other processes\' spend')
    })
  }

  /** Stops the timer, waits for audit appends and writes the rest of the usage (a failure is logged: stopping goes on). */
  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await Promise.all(this.#auditing)
    await this.flush().catch((error: unknown) => {
      this.context.logger.error({ err: error }, 'adapter usage since the last flush could not be stored and is lost; list the storage plugin before the sandbox host')
    })
  }

  /**
   * Tells each budget what the day's stored usage of the kernel's tenant (the tenant the
   * pipeline's calls are for) says others spent: the stored total less what this process's own
   * flushes stored. At start that is every earlier run's spend; after each flush it adds other
   * processes' on the same database as of their last flush. Usage is stored every flush interval,
   * so a crash forgets at most what was spent since the last flush that went through.
   */
  async #readSpendElsewhere(storage: RecordStorage): Promise<void> {
    const today = utcDay(this.now())
    const tenant = this.context.tenant
    // Own flushes before the stored total: a flush landing in between makes the reading high, never low.
    const own = new Map([...this.#budgets.keys()].map((adapter) => [adapter, this.meter.flushedCpuMs(adapter, tenant, today)]))
    const usage = await dailyUsage(storage, { tenant, from: today, to: today })
    for (const [adapter, budget] of this.#budgets) {
      const stored = usage.find((day) => day.adapter === adapter)?.cpuMs ?? 0
      budget.spentElsewhere(today, stored - (own.get(adapter) ?? 0))
    }
  }

  #transitioned(transition: BreakerTransition): void {
    const { adapter, from, to, reason } = transition
    this.#metrics.breakerState.set({ adapter }, breakerStateValue[to])
    const log = this.context.logger
    if (to === 'open') log.warn({ adapter, from, to, reason }, 'adapter circuit breaker opened')
    else log.info({ adapter, from, to, reason }, `adapter circuit breaker ${to}`)
    if (this.#ledger === undefined) return
    const appending = this.#ledger.append(this.context.tenant, [{
      kind: breakerAuditKind, actor: this.context.manifest.name, subject: breakerSubject(adapter),
      payload: { adapter, from, to, reason, at: new Date(transition.at).toISOString(), host: hostname(), pid: process.pid },
    }]).then(() => undefined, (error: unknown) => {
      log.warn({ adapter, err: error }, 'the breaker transition could not be written to the audit ledger')
    })
    this.#auditing.add(appending)
    void appending.finally(() => this.#auditing.delete(appending))
  }
}

