import ivm from 'isolated-vm'
import { lexiconBundle } from './lexicon-bundle.js'

// Run by sandbox.bench.ts in a process of its own with --no-node-snapshot (as a sandbox process
// is): how long an isolate with a context and the bundle compiled takes to make, and how much
// resident memory each one holds while idle. Prints one JSON line.
const count = 40
const rssMb = () => process.memoryUsage().rss / 2 ** 20
const source = lexiconBundle()
const kept: Array<{ isolate: ivm.Isolate; context: ivm.Context }> = []
// One first, so that what the first isolate of a process costs once is not counted per isolate.
const warm = new ivm.Isolate({ memoryLimit: 128 })
await (await warm.compileScript(source)).run(await warm.createContext())
const before = rssMb()
const startMs = performance.now()
for (let index = 0; index < count; index += 1) {
  const isolate = new ivm.Isolate({ memoryLimit: 128 })
  const context = await isolate.createContext()
  await (await isolate.compileScript(source)).run(context)
  kept.push({ isolate, context })
}
const elapsedMs = performance.now() - startMs
const contextStartMs = performance.now()
for (const { isolate } of kept) (await isolate.createContext()).release()
const contextMs = (performance.now() - contextStartMs) / count
const heapMb = kept.reduce((sum, { isolate }) => {
  const stats = isolate.getHeapStatisticsSync()
  return sum + (stats.total_heap_size + stats.externally_allocated_size) / 2 ** 20
}, 0) / count
process.stdout.write(`${JSON.stringify({ count, startMs: elapsedMs / count, contextMs, rssMb: (rssMb() - before) / count, heapMb })}\n`)
for (const { isolate } of kept) isolate.dispose()
