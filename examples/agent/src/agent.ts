import { recordId, type AetherRecord, type Logger, type TelemetryV1 } from '@aether/plugin-api'
import { TsmixerForecaster, TsmixerForecasterConfig } from '@aether/plugin-forecaster-tsmixer'
import { Value } from '@sinclair/typebox/value'
import type { AgentOptions } from './agent-options.js'
import { BusLink, type LinkEvent } from './bus-link.js'
import { defaultJournalOptions, ForecastJournal } from './forecast-journal.js'
import { ForecastOutbox } from './forecast-outbox.js'
import { LocalWindow, readLocalTicks, type TracePool } from './local-telemetry.js'

/** One line of the agent's output. */
export type AgentEvent = LinkEvent
  | { event: 'started'; model: string; ticks: number; outbox: string; replayed: number; dropped: number; skipped: number }
  | { event: 'forecast'; id: string; asOf: string; probability: number; model: string; gate: string; verdict: 'migrate' | 'hold'; pending: number }
  | { event: 'done'; forecasts: number; pending: number; dropped: number; drained: boolean }

/**
 * Replays the local trace tick by tick, forecasts the pool with the TSMixer forecaster (its gating
 * and heuristic fallback included), acts on a local verdict (it reports it; a real agent would
 * checkpoint or drain its workload here) and hands every forecast to the outbox the bus link
 * drains. Forecasting never waits for the bus. The outbox starts from its journal on disk (unless
 * `--outbox memory`), so what a previous run could not send goes first.
 */
export async function runAgent(options: AgentOptions, logger: Logger, report: (event: AgentEvent) => void): Promise<AgentEvent & { event: 'done' }> {
  const pool: TracePool = { trace: options.trace, start: options.start, region: options.region, zone: options.zone, pool: options.pool, tenant: options.tenant }
  const allTicks = await readLocalTicks(pool)
  const ticks = allTicks.slice(options.fromTick, options.ticks === undefined ? undefined : options.fromTick + options.ticks)
  const config = Value.Default(TsmixerForecasterConfig, options.model === undefined ? {} : { model: options.model }) as TsmixerForecasterConfig
  const opened = options.outbox === 'memory'
    ? undefined
    : ForecastJournal.open(options.outbox, { ...defaultJournalOptions, syncIntervalMs: options.outboxSyncMs }, logger)
  try {
    const forecaster = await TsmixerForecaster.create(config, logger)
    const outbox = new ForecastOutbox(options.bufferLimit, opened?.journal, opened?.state)
    report({
      event: 'started', model: forecaster.card?.model ?? 'heuristic fallback', ticks: ticks.length, outbox: opened?.journal.path ?? 'memory',
      replayed: opened?.state.pending.length ?? 0, dropped: opened?.state.dropped ?? 0, skipped: opened?.skipped.length ?? 0,
    })
    return await forecastTicks(options, pool, ticks, forecaster, outbox, logger, report)
  } finally {
    opened?.journal.close()
  }
}

async function forecastTicks(
  options: AgentOptions, pool: TracePool, ticks: TelemetryV1[][], forecaster: TsmixerForecaster, outbox: ForecastOutbox, logger: Logger, report: (event: AgentEvent) => void,
): Promise<AgentEvent & { event: 'done' }> {
  const link = new BusLink({ servers: options.nats, deployment: options.deployment, storage: options.storage }, outbox, logger, report)
  link.start()
  const window = new LocalWindow(options.telemetrySamples)
  const context = { tenant: options.tenant, traceId: `agent-${process.pid}`, logger, signal: new AbortController().signal }
  let forecasts = 0
  const source = `agent:${options.zone}/${options.pool}`
  for (const [index, tick] of ticks.entries()) {
    window.add(tick)
    if ((index + 1) % options.every === 0) {
      const input = window.input(pool)
      const [result] = input === undefined ? [] : await forecaster.forecastBatch([input], context)
      if (input !== undefined && result?.isOk === true) {
        const sourceEventId = `${input.region}/${input.zone ?? ''}/${input.pool}@${input.asOf}`
        const forecast: AetherRecord = {
          source, sourceEventId, contract: 'forecast.v1', id: recordId({ source, sourceEventId, contract: 'forecast.v1' }),
          tenant: options.tenant, timestamp: input.asOf, region: input.region, zone: options.zone, pool: input.pool, ...result.value,
        }
        outbox.add(forecast)
        forecasts++
        report({
          event: 'forecast', id: forecast.id, asOf: input.asOf, probability: result.value.probability, model: result.value.model,
          gate: gateOf(result.value.features), verdict: result.value.probability >= options.migrateAt ? 'migrate' : 'hold', pending: outbox.size,
        })
      } else if (result !== undefined && !result.isOk) {
        logger.warn({ error: result.error, tick: options.fromTick + index }, 'no forecast for this tick')
      }
    }
    await sleep(options.tickMs)
  }
  await forecaster.close()
  const drained = await waitUntil(() => outbox.size === 0, options.drainTimeoutMs)
  await link.stop()
  return { event: 'done', forecasts, pending: outbox.size, dropped: outbox.dropped, drained }
}

/** The gate's reason, which the forecaster records as the feature `gate:<reason>` = 1. */
function gateOf(features: Record<string, number>): string {
  return Object.keys(features).find((key) => key.startsWith('gate:'))?.slice('gate:'.length) ?? 'none'
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() >= deadline) return false
    await sleep(50)
  }
  return true
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
