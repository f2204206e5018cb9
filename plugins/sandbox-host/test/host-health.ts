import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'

// What the hostile-adapter tests observe of the host and its sandbox processes, from the outside:
// /proc for CPU and memory, a real TCP server for network attempts.

/** User plus system CPU time of a process, in clock ticks (1/100 s on Linux), or undefined once it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return undefined
  }
}

/** How many ticks of CPU the processes burn together over `ms`. */
export async function cpuTicksOver(pids: number[], ms: number): Promise<number> {
  const before = pids.map(cpuTicks)
  await new Promise((resolve) => setTimeout(resolve, ms))
  return pids.reduce((sum, pid, index) => sum + Math.max(0, (cpuTicks(pid) ?? 0) - (before[index] ?? 0)), 0)
}

/** Resident memory of a process in MB, or undefined once it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match === null ? undefined : Number(match[1]) / 1024
  } catch {
    return undefined
  }
}

/** Whether a process still exists (a zombie not yet reaped counts as gone: it runs nothing). */
export function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

/** A TCP server on loopback that counts the connections made to it. */
export async function connectionCounter(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let connections = 0
  const server: Server = createServer((socket) => { connections += 1; socket.destroy() })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}/`,
    count: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Everything on Object.prototype, with its descriptors, to compare before and after. */
export function objectPrototypeShape(): string {
  return Reflect.ownKeys(Object.prototype).map((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, key) as PropertyDescriptor
    return `${String(key)}:${typeof descriptor.value}:${typeof descriptor.get}:${String(descriptor.writable)}:${String(descriptor.enumerable)}`
  }).join(',')
}
