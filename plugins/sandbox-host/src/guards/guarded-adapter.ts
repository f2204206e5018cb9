import type { Logger } from '@aether/plugin-api'
import type { UsageMeter } from '../metering/usage-meter.js'
import type { InstalledAdapter } from '../read-adapter.js'
import { SandboxedAdapter, type CallResult, type Keyed, type LogLimits } from '../sandboxed-adapter.js'
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
 * A sandboxed adapter whose every call passes its guards: a spent daily CPU budget refuses it
 * with AETHER_E_SANDBOX_TIMEOUT, an open circuit breaker with AETHER_E_SANDBOX_CIRCUIT_OPEN,
 * both without touching the sandbox; a call that runs is charged to the budget, metered and
 * reported to the breaker. Every kind's wrapper calls `call`, so every kind is guarded.
 */
export class GuardedAdapter extends SandboxedAdapter {
  constructor(adapter: InstalledAdapter, pool: SandboxPool, logLimits: LogLimits, private readonly guards: AdapterGuards) {
    super(adapter, pool, logLimits)
  }

  override async call(records: Keyed[], tenant: string, logger: Logger): Promise<CallResult> {
    const { breaker, budget, meter, metrics } = this.guards
    const key = { adapter: this.name, adapterVersion: this.adapter.manifest.version, tenant }
    const refuse = (code: 'AETHER_E_SANDBOX_TIMEOUT' | 'AETHER_E_SANDBOX_CIRCUIT_OPEN', reason: string): CallResult => {
      meter.refused(key, code)
      metrics.refused.inc({ adapter: this.name, code })
      logger.warn({ adapter: this.name, code, reason }, 'adapter call refused')
      return { isOk: false, code, reason, cpuMs: 0 }
    }
    // The budget first: a refused call must not take the half-open breaker's one probe.
    const spent = budget.refusal()
    if (spent !== undefined) return refuse('AETHER_E_SANDBOX_TIMEOUT', spent)
    const admission = breaker.admit()
    if (!admission.isAdmitted) return refuse('AETHER_E_SANDBOX_CIRCUIT_OPEN', admission.reason)
    let result: CallResult
    try {
      result = await super.call(records, tenant, logger)
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
      recordsIn: records.length, recordsOut: result.isOk ? result.records.length : 0, cpuMs,
      ...(result.isOk ? {} : { failureCode: result.code }),
    })
    if (result.isOk) breaker.succeeded()
    else breaker.failed(result.code)
    return result
  }
}
