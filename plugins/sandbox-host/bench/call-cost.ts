import { readFileSync } from 'node:fs'
import type { Enricher, SignalV1, StageContext } from '@aether/plugin-api'
import type { SandboxedAdapter, SandboxPool } from '@aether/plugin-sandbox-host'

// Where the time of one sandboxed call goes, on the real path (SandboxedEnricher, a real sandbox
// process): its wall time, the host process's CPU, the sandbox process's CPU over all its threads
// (the isolate's, V8's compiler and GC threads, the frame reads and writes) and, of that, the
// isolate's own thread (what the call reports as cpuMs and the daily CPU budget counts).

/** The CPU milliseconds a process has used so far, all threads (from /proc: Linux only). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export interface CallCost {
  inProcessWallMs: number
  inProcessCpuMs: number
  wallMs: number
  hostCpuMs: number
  sandboxCpuMs: number
  isolateCpuMs: number
}

/** Mean costs of `calls` calls of `batch`, in process and sandboxed, interleaved in rounds of 20. */
export async function callCost(
  inProcess: Enricher, sandboxed: Enricher, adapter: SandboxedAdapter, pool: SandboxPool, batch: SignalV1[], context: StageContext, calls = 200,
): Promise<CallCost> {
  const [pid] = pool.pids()
  if (pid === undefined || pool.size !== 1) throw new Error('callCost measures a pool of one process')
  const total = { inProcessWallMs: 0, inProcessCpuMs: 0, wallMs: 0, hostCpuMs: 0, sandboxCpuMs: 0, isolateCpuMs: 0 }
  const rounds = calls / 20
  for (let round = 0; round < rounds; round += 1) {
    let cpu = process.cpuUsage()
    let startMs = performance.now()
    for (let call = 0; call < 20; call += 1) await inProcess.enrichBatch(batch, context)
    total.inProcessWallMs += performance.now() - startMs
    let used = process.cpuUsage(cpu)
    total.inProcessCpuMs += (used.user + used.system) / 1000
    const sandboxStart = processCpuMs(pid)
    cpu = process.cpuUsage()
    startMs = performance.now()
    for (let call = 0; call < 20; call += 1) await sandboxed.enrichBatch(batch, context)
    total.wallMs += performance.now() - startMs
    used = process.cpuUsage(cpu)
    total.hostCpuMs += (used.user + used.system) / 1000
    // The context for the next call is made after the result is sent: let the last one finish.
    await new Promise((resolve) => setTimeout(resolve, 20))
    total.sandboxCpuMs += processCpuMs(pid) - sandboxStart
    for (let call = 0; call < 20; call += 1) total.isolateCpuMs += (await adapter.call(batch, context.tenant, context.logger)).cpuMs ?? Number.NaN
  }
  return Object.fromEntries(Object.entries(total).map(([name, value]) => [name, value / calls])) as unknown as CallCost
}
