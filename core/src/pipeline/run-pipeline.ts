import { setTimeout as sleep } from 'node:timers/promises'
import { type ConsumerBacklog, sourcePoint, type Subscription } from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { startEnrichStage } from './enrich-stage.js'
import { startForecastStage } from './forecast-stage.js'
import { startPolicyStage } from './policy-stage.js'
import { startSinkStage } from './sink-stage.js'
import { runSources } from './source-stage.js'
import { emptyCounts, snapshotCounts, stageFailures, type RunCounts } from './stage-runtime.js'
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

/** How a run ended: all work done, no progress for `pipeline.stallTimeoutMs`, or stopped early. */
export type RunOutcome = 'completed' | 'stalled' | 'interrupted'

/** Work a run left on the bus, with the last failure its stage reported. */
export interface UnfinishedWork {
  subject: string
  durable: string
  pending: number
  inFlight: number
  deadLettered: number
  lastFailure?: string
}

/** What a finished run did. */
export interface RunSummary extends RunProgress {
  role: PipelineRole
  outcome: RunOutcome
  /** False when an interrupted run's stages did not finish their in-flight work within `drainTimeoutMs`. */
  isDrained: boolean
  /** What was not done when the run ended early (empty when it completed). */
  unfinished: UnfinishedWork[]
}

/** Options of runPipeline. */
export interface RunOptions {
  role?: PipelineRole
  onProgress?: (progress: RunProgress) => void
  progressIntervalMs?: number
  /** How long an interrupted run waits for its stages to finish in-flight work (10 s). */
  drainTimeoutMs?: number
}

/**
 * Runs the configured pipeline on a started kernel. With role `all` it reads every source to the
 * end, waits until the bus has no work left, stops the stages and returns the counts; when the
 * bus has work but nothing moves for `pipeline.stallTimeoutMs`, it returns at once with what was
 * left and why (outcome `stalled`), and stopping the kernel then ends the stages. With a single
 * role it starts that stage and keeps it running until the kernel stops. A kernel stopped during
 * the run (Ctrl-C) gives outcome `interrupted`.
 */
export async function runPipeline(kernel: Kernel, options: RunOptions = {}): Promise<RunSummary> {
  const role = options.role ?? 'all'
  const counts = emptyCounts()
  const startedMs = Date.now()
  let subscriptions: Subscription[]
  try {
    await kernel.bus.declare(pipelineConsumers(kernel.config))
    subscriptions = await startStages(kernel, role, counts)
  } catch (error) {
    // Stopped while starting (Ctrl-C during start-up): the bus closed under the start, nothing ran.
    if (!kernel.signal.aborted) throw error
    return { counts, expected: undefined, backlog: 0, elapsedMs: Date.now() - startedMs, role, outcome: 'interrupted', isDrained: true, unfinished: [] }
  }
  let stopping: Promise<void> | undefined
  // One stop, however many callers: the kernel's stop hook and a run that ends early both wait for it.
  const stopStages = (): Promise<void> =>
    stopping ??= Promise.all(subscriptions.map((subscription) => subscription.stop())).then(() => undefined)
  kernel.onStop(stopStages)

  const expected = await expectedCount(kernel, role)
  const bus = new BacklogReader(kernel)
  const progress = async (): Promise<RunProgress> => ({
    counts: snapshotCounts(counts), expected, backlog: total(await bus.read()), elapsedMs: Date.now() - startedMs,
  })
  // A stage process asks the bus for every consumer's lag; once a second keeps a distributed bus's server unburdened.
  const ticker = options.onProgress === undefined ? undefined : setInterval(() => {
    // Progress is best effort: a bus that cannot answer now (a server restarting) must not stop the stage.
    progress().then(options.onProgress, (error: unknown) => kernel.logger.debug({ err: error }, 'no progress from the bus'))
  }, options.progressIntervalMs ?? (role === 'all' ? 250 : 1_000))

  const watch = new AbortController()
  let outcome: RunOutcome
  try {
    const work = (async (): Promise<RunOutcome> => {
      if (role === 'all' || role === 'source') await runSources(kernel, counts)
      if (role === 'all') await waitUntilIdle(kernel, bus)
      else if (role !== 'source') await waitForAbort(kernel.signal)
      return 'completed'
    })()
    const endings = [work, waitForAbort(kernel.signal).then(() => 'interrupted' as const)]
    if (role === 'all') endings.push(watchForStall(bus, counts, kernel.config.pipeline.stallTimeoutMs, watch.signal))
    outcome = await Promise.race(endings).catch((error: unknown) => {
      // Work stopped by the kernel stopping (a publish to a closed bus) is an interruption, not a failure.
      if (kernel.signal.aborted) return 'interrupted' as const
      throw error
    })
    if (kernel.signal.aborted) outcome = 'interrupted'
  } finally {
    watch.abort()
    if (ticker !== undefined) clearInterval(ticker)
  }
  const backlog = await bus.read()
  let isDrained = true
  if (role === 'all' && outcome === 'completed') await stopStages()
  // An interrupted run's counts are read after the stages finished what they held, so they are
  // what was done; a stalled run has nothing moving to wait for.
  if (outcome === 'interrupted') isDrained = await settlesWithin(stopStages(), options.drainTimeoutMs ?? 10_000)
  const summary: RunSummary = {
    counts: snapshotCounts(counts), expected, backlog: total(backlog), elapsedMs: Date.now() - startedMs, role, outcome, isDrained,
    unfinished: outcome === 'completed' ? [] : unfinishedWork(backlog, stageFailures(kernel)),
  }
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

/** Reads every consumer's backlog and keeps the bus gauges current; keeps the last answer when the bus is gone. */
class BacklogReader {
  #last: ConsumerBacklog[] = []

  constructor(private readonly kernel: Kernel) {}

  async read(): Promise<ConsumerBacklog[]> {
    const { metrics } = this.kernel
    try {
      this.#last = await this.kernel.bus.backlog()
    } catch (error) {
      // A stopped or unreachable bus cannot say more than it last did.
      if (!this.kernel.signal.aborted) throw error
      return this.#last
    }
    for (const consumer of this.#last) {
      const labels = { subject: consumer.subject, durable: consumer.durable }
      metrics.consumerLag.set(labels, consumer.pending + consumer.inFlight)
      metrics.redeliveries.set(labels, consumer.redeliveries)
      metrics.deadLettered.set(labels, consumer.deadLettered)
    }
    return this.#last
  }
}

function total(backlog: ConsumerBacklog[]): number {
  return backlog.reduce((sum, consumer) => sum + consumer.pending + consumer.inFlight, 0)
}

/** Idle means no consumer has anything pending or in flight, twice in a row (a handler may be about to publish). */
async function waitUntilIdle(kernel: Kernel, bus: BacklogReader): Promise<void> {
  let idleChecks = 0
  while (idleChecks < 2 && !kernel.signal.aborted) {
    idleChecks = total(await bus.read()) === 0 ? idleChecks + 1 : 0
    await sleep(idleChecks === 0 ? 20 : 5)
  }
}

/**
 * Resolves `stalled` when the bus holds work but neither the counts nor the backlog have moved
 * for `timeoutMs`: every stage that could take the work is failing or hung, and waiting longer
 * would only hide it. Retries that keep failing do not count as progress (a message moving
 * between pending and in flight is the same work).
 */
async function watchForStall(bus: BacklogReader, counts: RunCounts, timeoutMs: number, signal: AbortSignal): Promise<RunOutcome> {
  let last = ''
  let lastMovedMs = Date.now()
  const tickMs = Math.min(1_000, Math.max(10, Math.floor(timeoutMs / 10)))
  while (!signal.aborted) {
    await sleep(tickMs, undefined, { signal }).catch(() => undefined)
    if (signal.aborted) break
    const backlog = await bus.read().catch(() => undefined)
    if (backlog === undefined) continue
    const state = `${JSON.stringify(counts)}|${backlog.map((c) => `${c.pending + c.inFlight}/${c.deadLettered}`).join(',')}`
    if (state !== last || total(backlog) === 0) {
      last = state
      lastMovedMs = Date.now()
    } else if (Date.now() - lastMovedMs >= timeoutMs) {
      return 'stalled'
    }
  }
  return new Promise<never>(() => undefined)
}

function unfinishedWork(backlog: ConsumerBacklog[], failures: Map<string, string>): UnfinishedWork[] {
  return backlog
    .filter((consumer) => consumer.pending + consumer.inFlight > 0)
    .map(({ subject, durable, pending, inFlight, deadLettered }) => {
      const lastFailure = failures.get(durable)
      return { subject, durable, pending, inFlight, deadLettered, ...(lastFailure === undefined ? {} : { lastFailure }) }
    })
}

/** True when `work` settles within `timeoutMs`, false when it is still going then. */
async function settlesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs) })
  try {
    return await Promise.race([work.then(() => true, () => true), late])
  } finally {
    clearTimeout(timer)
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}
