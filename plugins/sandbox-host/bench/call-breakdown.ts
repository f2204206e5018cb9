import { readFileSync } from 'node:fs'
import ivm from 'isolated-vm'
import { lexiconBundle } from './lexicon-bundle.js'

// Run by sandbox.bench.ts in a process of its own with --no-node-snapshot (as a sandbox process
// is), on the batch in the JSON file named by its argument: the CPU time of each step of a
// sandboxed call that is not transport, beside the same logic in process. CPU time rather than
// wall time, so that other processes on the machine move the numbers less. Prints one JSON line.
const rounds = 60
const skipped = 10
const input = readFileSync(process.argv[2] as string, 'utf8')
const records = JSON.parse(input) as unknown[]
const source = lexiconBundle()

const isolate = new ivm.Isolate({ memoryLimit: 128 })
const bundle = await isolate.compileScript(source)
// The steps the bootstrap takes in a call, one at a time so that each is measured alone.
const steps = await isolate.compileScript(`globalThis.step = function (op, text) {
  if (op === 'parse') { globalThis.input = JSON.parse(text); return 0 }
  if (op === 'logic') { globalThis.output = globalThis.adapter.process(globalThis.input); return 0 }
  return JSON.stringify(globalThis.output).length
}`)
const times: Record<string, number[]> = {}
const isolateCpu = (name: string, run: () => void) => {
  const start = isolate.cpuTime
  run()
  ;(times[name] ??= []).push(Number(isolate.cpuTime - start) / 1e6)
}
const processCpu = (name: string, run: () => void) => {
  const start = process.cpuUsage()
  run()
  const used = process.cpuUsage(start)
  ;(times[name] ??= []).push((used.user + used.system) / 1000)
}

function measureIn(context: ivm.Context, prefix: string): void {
  const step = context.global.getSync('step', { reference: true }) as ivm.Reference<(op: string, text?: string) => number>
  isolateCpu(`${prefix}parse`, () => step.applySync(undefined, ['parse', input]))
  isolateCpu(`${prefix}logic`, () => step.applySync(undefined, ['logic']))
  isolateCpu(`${prefix}stringify`, () => step.applySync(undefined, ['stringify']))
  step.release()
}

for (let round = 0; round < rounds; round += 1) {
  const context = isolate.createContextSync()
  bundle.runSync(context)
  steps.runSync(context)
  measureIn(context, 'fresh ')
  context.release()
}
const warm = isolate.createContextSync()
bundle.runSync(warm)
steps.runSync(warm)
for (let round = 0; round < rounds; round += 1) measureIn(warm, 'warm ')

const scope: { adapter?: { process(records: unknown[]): unknown[] } } = {}
new Function('globalThis', source)(scope)
const adapter = scope.adapter as NonNullable<typeof scope.adapter>
let output: unknown[] = []
for (let round = 0; round < rounds; round += 1) {
  processCpu('in process logic', () => { output = adapter.process(records) })
  processCpu('host stringify', () => JSON.stringify(records))
}
const outputJson = JSON.stringify(output)
for (let round = 0; round < rounds; round += 1) processCpu('host parse', () => JSON.parse(outputJson))

const median = (values: number[]) => {
  const sorted = values.slice(skipped).sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}
process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)])))}\n`)
