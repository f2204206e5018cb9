import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { AgentOptionInvalid } from './errors.js'

/** What the agent runs on, where it reports, and how fast it replays its local telemetry. */
export interface AgentOptions {
  trace: string
  start: string
  region: string
  zone: string
  pool: string
  /** First tick of the trace to replay, and how many (default: to the end). */
  fromTick: number
  ticks: number | undefined
  /** Real milliseconds per trace tick: the replay's speed-up over the trace's 32 s ticks. */
  tickMs: number
  /** A forecast every this many ticks. */
  every: number
  /** How many samples of each metric a forecast sees (the pipeline's `telemetrySamples`). */
  telemetrySamples: number
  model: string | undefined
  migrateAt: number
  nats: string[]
  deployment: string
  storage: 'file' | 'memory'
  tenant: string
  /** Forecasts kept while the bus is unreachable; past it the oldest are dropped (and counted). */
  bufferLimit: number
  /** At the end of the trace, how long to wait for the buffer to drain before giving up. */
  drainTimeoutMs: number
  /** The directory of the outbox's journal on local disk, or 'memory' for none. */
  outbox: string
  /** fsync the journal at most this often (0: every line). */
  outboxSyncMs: number
}

// The AWS p3.2xlarge trace the spot-risk example vendors: measured availability with prices.
const defaultTrace = fileURLToPath(new URL('../../spot-risk/data/spot-traces/us-east-1c_v100_1.json', import.meta.url))

export const usage = `aether-agent [options]
  --trace <file>          local telemetry: a spot trace (default: the spot-risk example's us-east-1c p3.2xlarge trace)
  --start <iso time>      time of the trace's first tick (default 2023-04-22T00:00:00Z)
  --region, --zone, --pool  the pool the trace measures (default us-east-1 / us-east-1c / p3.2xlarge)
  --from-tick <n>         first tick to replay (default 0)
  --ticks <n>             ticks to replay, then drain and exit (default: to the end of the trace)
  --tick-ms <ms>          real milliseconds per tick (default 1000)
  --every <n>             forecast every n ticks (default 1)
  --samples <n>           samples per metric a forecast sees (default 120)
  --model <file>          ONNX model (default: the one plugins/forecaster-tsmixer ships)
  --migrate-at <p>        local verdict "migrate" at or above this probability (default 0.5)
  --nats <url>            NATS server, repeatable (default nats://127.0.0.1:4222)
  --deployment <name>     the pipeline's bus deployment (default spot-risk)
  --storage file|memory   JetStream storage of streams the agent creates (default file)
  --tenant <id>           tenant of the forecasts (default demo)
  --buffer <n>            forecasts kept while the bus is unreachable (default 10000)
  --drain-timeout-ms <ms> wait this long at the end for the buffer to drain (default 30000)
  --outbox <dir>|memory   the outbox's journal on local disk, replayed at start (default
                          ./aether-agent-outbox/<deployment>.<tenant>.<zone>.<pool>); memory: none
  --outbox-sync-ms <ms>   fsync the journal at most this often; 0: every line (default 1000)`

/** Parses the command line; a bad option is a coded error naming it. */
export function parseAgentOptions(argv: string[]): AgentOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean' },
      trace: { type: 'string', default: defaultTrace },
      start: { type: 'string', default: '2023-04-22T00:00:00Z' },
      region: { type: 'string', default: 'us-east-1' },
      zone: { type: 'string', default: 'us-east-1c' },
      pool: { type: 'string', default: 'p3.2xlarge' },
      'from-tick': { type: 'string', default: '0' },
      ticks: { type: 'string' },
      'tick-ms': { type: 'string', default: '1000' },
      every: { type: 'string', default: '1' },
      samples: { type: 'string', default: '120' },
      model: { type: 'string' },
      'migrate-at': { type: 'string', default: '0.5' },
      nats: { type: 'string', multiple: true, default: ['nats://127.0.0.1:4222'] },
      deployment: { type: 'string', default: 'spot-risk' },
      storage: { type: 'string', default: 'file' },
      tenant: { type: 'string', default: 'demo' },
      buffer: { type: 'string', default: '10000' },
      'drain-timeout-ms': { type: 'string', default: '30000' },
      outbox: { type: 'string' },
      'outbox-sync-ms': { type: 'string', default: '1000' },
    },
  })
  if (values.help === true) return 'help'
  if (Number.isNaN(Date.parse(values.start))) throw new AgentOptionInvalid(['start', `is "${values.start}", not an ISO time`])
  if (values.storage !== 'file' && values.storage !== 'memory') throw new AgentOptionInvalid(['storage', 'must be file or memory'])
  const migrateAt = Number(values['migrate-at'])
  if (!(migrateAt >= 0 && migrateAt <= 1)) throw new AgentOptionInvalid(['migrate-at', 'must be a probability between 0 and 1'])
  return {
    trace: values.trace, start: values.start, region: values.region, zone: values.zone, pool: values.pool,
    fromTick: integer('from-tick', values['from-tick'], 0),
    ticks: values.ticks === undefined ? undefined : integer('ticks', values.ticks, 1),
    tickMs: integer('tick-ms', values['tick-ms'], 0),
    every: integer('every', values.every, 1),
    telemetrySamples: integer('samples', values.samples, 1),
    model: values.model, migrateAt, nats: values.nats, deployment: values.deployment, storage: values.storage, tenant: values.tenant,
    bufferLimit: integer('buffer', values.buffer, 1),
    drainTimeoutMs: integer('drain-timeout-ms', values['drain-timeout-ms'], 0),
    outbox: values.outbox === 'memory' ? 'memory' : resolve(values.outbox ?? defaultOutbox(values.deployment, values.tenant, values.zone, values.pool)),
    outboxSyncMs: integer('outbox-sync-ms', values['outbox-sync-ms'], 0),
  }
}

// One journal per deployment, tenant and pool, under the working directory: an agent restarted
// where it ran finds its outbox, and agents for different pools beside it do not share one.
function defaultOutbox(...parts: string[]): string {
  return `aether-agent-outbox/${parts.map((part) => part.replaceAll(/[^A-Za-z0-9_-]/g, '_')).join('.')}`
}

function integer(option: string, text: string, minimum: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < minimum) throw new AgentOptionInvalid([option, `is "${text}", not a whole number of at least ${minimum}`])
  return value
}
