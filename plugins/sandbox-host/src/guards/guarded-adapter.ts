import type { Logger } from '@aether/plugin-api'
import type { AdapterCapabilities } from '../capabilities/call-capabilities.js'
import type { UsageMeter } from '../metering/usage-meter.js'
import type { InstalledAdapter } from '../read-adapter.js'
import { SandboxedAdapter, type CallResult, type Keyed, type LogLimits, type RunResult } from '../sandboxed-adapter.js'
import type { SandboxPool } from '../sandbox-pool.js'
import type { CircuitBreaker } from './circuit-breaker.js'
import type { CpuBudget } from './cpu-budget.js'
import type { SandboxMetrics } from './sandbox-metrics.js'

/** What watches one adapter's calls. */
export interface AdapterGuards {
  breaker: CircuitBreaker
  budget: CpuBudget
  meter: UsageMeter
  metrics: SandboxMetrics
}

/**
 * A sandboxed adapter whose every call (a source's polls too) passes its guards: a spent daily
 * CPU budget refuses it with AETHER_E_SANDBOX_TIMEOUT, an open circuit breaker with
 * AETHER_E_SANDBOX_CIRCUIT_OPEN, both without touching the sandbox; a call that runs is charged to
 * the budget, metered and reported to the breaker.
 */
export class GuardedAdapter extends SandboxedAdapter {
  constructor(
    adapter: InstalledAdapter, pool: SandboxPool, logLimits: LogLimits,
    private readonly guards: AdapterGuards, capabilities?: AdapterCapabilities,
  ) {
    super(adapter, pool, logLimits, capabilities)
  }

  override call(records: Keyed[], tenant: string, logger: Logger): Promise<CallResult> {
    return this.#guarded(tenant, logger, records.length, () => super.call(records, tenant, logger),
      (result) => result.records.length)
  }

  override poll(cursor: unknown, tenant: string, logger: Logger): Promise<RunResult> {
    return this.#guarded(tenant, logger, 0, () => super.poll(cursor, tenant, logger), (result) => {
      const records = (result.output as { records?: unknown } | null)?.records
      return Array.isArray(records) ? records.length : 0
    })
  }

  async #guarded<Result extends CallResult | RunResult>(
    tenant: string, logger: Logger, recordsIn: number, run: () => Promise<Result>,
    recordsOut: (result: Result & { isOk: true }) => number,
  ): Promise<Result> {
    const { breaker, budget, meter, metrics } = this.guards
    const key = { adapter: this.name, adapterVersion: this.adapter.manifest.version, tenant }
    const refuse = (code: 'AETHER_E_SANDBOX_TIMEOUT' | 'AETHER_E_SANDBOX_CIRCUIT_OPEN', reason: string): Result => {
      meter.refused(key, code)
      metrics.refused.inc({ adapter: this.name, code })
      logger.warn({ adapter: this.name, code, reason }, 'adapter call refused')
      return { isOk: false, code, reason, cpuMs: 0 } as Result
    }
    // The budget first: a refused call must not take the half-open breaker's one probe.
    const spent = budget.refusal()
    if (spent !== undefined) return refuse('AETHER_E_SANDBOX_TIMEOUT', spent)
    const admission = breaker.admit()
    if (!admission.isAdmitted) return refuse('AETHER_E_SANDBOX_CIRCUIT_OPEN', admission.reason)
    let result: Result
    try {
      result = await run()
    } catch (error) {
      // The host stopped or could not start a process: no evidence about the adapter.
      breaker.abandoned()
      throw error
    }
    const cpuMs = result.cpuMs ?? 0
    budget.charge(cpuMs)
    metrics.cpuSeconds.inc({ adapter: this.name }, cpuMs / 1000)
    metrics.calls.inc({ adapter: this.name, outcome: result.isOk ? 'ok' : result.code })
    meter.called(key, {
      recordsIn, recordsOut: result.isOk ? recordsOut(result as Result & { isOk: true }) : 0, cpuMs,
      ...(result.isOk ? {} : { failureCode: result.code }),
    })
    if (result.isOk) breaker.succeeded()
    else breaker.failed(result.code)
    return result
  }
}
