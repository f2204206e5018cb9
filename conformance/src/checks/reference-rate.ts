import { performance } from 'node:perf_hooks'

/**
 * The in-process reference: what the same machine does with the load batch without a sandbox,
 * copying the inputs in and the outputs out as JSON the way the host does and returning one small
 * record per input. The performance check reports the adapter's rate next to it.
 */
export function referenceRate(inputs: unknown[]): number {
  const started = performance.now()
  let rounds = 0
  // A few rounds so that a fast machine is still measured over a few milliseconds.
  while (rounds < 3 || performance.now() - started < 20) {
    const copied = JSON.parse(JSON.stringify(inputs)) as Array<{ id?: unknown; tenant?: unknown } | null>
    const output = copied.map((input, index) => ({ id: input?.id ?? String(index), tenant: input?.tenant ?? '', score: index % 7 }))
    JSON.parse(JSON.stringify(output))
    rounds += 1
  }
  return (inputs.length * rounds) / ((performance.now() - started) / 1000)
}
