import { setTimeout as sleep } from 'node:timers/promises'
import type { Subscription } from '../bus/bus.js'
import { sourcePoint } from '../extension-points/points.js'
import type { Kernel } from '../kernel/create-kernel.js'
import { startEnrichStage } from './enrich-stage.js'
import { startForecastStage } from './forecast-stage.js'
import { startPolicyStage } from './policy-stage.js'
import { startSinkStage } from './sink-stage.js'
import { runSources } from './source-stage.js'
import { emptyCounts, type RunCounts } from './stage-runtime.js'
import { forecastInput, pipelineConsumers } from './topology.js'
import { startValidateStage } from './validate-stage.js'

/** The stages a process can run; `all` runs the whole pipeline in one process. */
export const pipelineRoles = ['all', 'source', 'validator', 'enricher', 'forecaster', 'policy', 'sink'] as const
export type PipelineRole = (typeof pipelineRoles)[number]

/** Progress of a run, reported while it goes. */
export interface RunProgress {
  counts: RunCounts
  /** Records the sources said they would produce, when they could tell. */
  expected: number | undefined
  /** Messages still pending or in flight on the bus. */
  backlog: number
  elapsedMs: number
}

/** What a finished run did. */
export interface RunSummary extends RunProgress {
  role: PipelineRole
}

/** Options of runPipeline. */
export interface RunOptions {
  role?: PipelineRole
  onProgress?: (progress: RunProgress) => void
  progressIntervalMs?: number
}

/**
 * Runs the configured pipeline on a started kernel. With role `all` it reads every source to the
 * end, waits until the bus has no work left, stops the stages and returns the counts. With a
 * single role it starts that stage and keeps it running until the kernel stops.
 */
export async function runPipeline(kernel: Kernel, options: RunOptions = {}): Promise<RunSummary> {
  const role = options.role ?? 'all'
  const counts = emptyCounts()
  const startedMs = Date.now()
  await kernel.bus.declare(pipelineConsumers(kernel.config))
  const subscriptions = await startStages(kernel, role, counts)
  let isStopped = false
  const stopStages = async (): Promise<void> => {
    if (isStopped) return
    isStopped = true
    await Promise.all(subscriptions.map((subscription) => subscription.stop()))
  }
  kernel.onStop(stopStages)

  const expected = await expectedCount(kernel, role)
  const progress = async (): Promise<RunProgress> => ({
    counts: { ...counts }, expected, backlog: await backlogSize(kernel), elapsedMs: Date.now() - startedMs,
  })
  // A stage process asks the bus for every consumer's lag; once a second keeps a distributed bus's server unburdened.
  const ticker = options.onProgress === undefined ? undefined : setInterval(() => {
    // Progress is best effort: a bus that cannot answer now (a server restarting) must not stop the stage.
    progress().then(options.onProgress, (error: unknown) => kernel.logger.debug({ err: error }, 'no progress from the bus'))
  }, options.progressIntervalMs ?? (role === 'all' ? 250 : 1_000))

  try {
    if (role === 'all' || role === 'source') await runSources(kernel, counts)
    if (role === 'all') await waitUntilIdle(kernel)
    else if (role !== 'source') await waitForAbort(kernel.signal)
  } finally {
    if (ticker !== undefined) clearInterval(ticker)
  }
  if (role === 'all') await stopStages()
  const summary = { ...(await progress()), role }
  options.onProgress?.(summary)
  return summary
}

async function startStages(kernel: Kernel, role: PipelineRole, counts: RunCounts): Promise<Subscription[]> {
  const { pipeline } = kernel.config
  const runs = (stage: PipelineRole): boolean => role === 'all' || role === stage
  const subscriptions: Subscription[] = []
  // Consumers first, so that nothing published by the sources waits for a consumer to appear.
  if (runs('sink')) subscriptions.push(...await startSinkStage(kernel, counts))
  if (runs('validator')) subscriptions.push(await startValidateStage(kernel, counts))
  if (runs('enricher') && pipeline.enricher !== undefined) {
    subscriptions.push(await startEnrichStage(kernel, pipeline.enricher, counts))
  }
  if (runs('forecaster') && pipeline.forecaster !== undefined) {
    subscriptions.push(await startForecastStage(kernel, pipeline.forecaster, forecastInput(kernel.config), counts))
  }
  if (runs('policy') && pipeline.policy !== undefined) {
    subscriptions.push(await startPolicyStage(kernel, pipeline.policy, counts))
  }
  return subscriptions
}

async function expectedCount(kernel: Kernel, role: PipelineRole): Promise<number | undefined> {
  if (role !== 'all' && role !== 'source') return undefined
  let total = 0
  for (const name of kernel.config.pipeline.sources) {
    const source = kernel.resolve(sourcePoint, name)
    const context = { tenant: kernel.config.tenant, traceId: 'estimate', logger: kernel.logger, signal: kernel.signal }
    const count = await source.estimateCount?.(context)
    if (count === undefined) return undefined
    total += count
  }
  return total
}

async function backlogSize(kernel: Kernel): Promise<number> {
  const backlog = await kernel.bus.backlog()
  for (const consumer of backlog) {
    kernel.metrics.consumerLag.set({ subject: consumer.subject, durable: consumer.durable }, consumer.pending + consumer.inFlight)
    kernel.metrics.redeliveries.set({ subject: consumer.subject, durable: consumer.durable }, consumer.redeliveries)
    kernel.metrics.deadLettered.set({ subject: consumer.subject, durable: consumer.durable }, consumer.deadLettered)
  }
  return backlog.reduce((sum, consumer) => sum + consumer.pending + consumer.inFlight, 0)
}

/** Idle means no consumer has anything pending or in flight, twice in a row (a handler may be about to publish). */
async function waitUntilIdle(kernel: Kernel): Promise<void> {
  let idleChecks = 0
  while (idleChecks < 2 && !kernel.signal.aborted) {
    idleChecks = (await backlogSize(kernel)) === 0 ? idleChecks + 1 : 0
    await sleep(idleChecks === 0 ? 20 : 5)
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}
