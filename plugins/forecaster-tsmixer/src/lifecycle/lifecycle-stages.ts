import type { Logger } from '@aether/plugin-api'
import { LifecycleStateConflict, LifecycleStateInvalid } from '../errors.js'
import { checkStages, type LifecycleStage, type LifecycleVersion } from './lifecycle-config.js'
import type { LifecycleEvent, LifecycleStateStore, SavedLifecycle, SavedVersion } from './lifecycle-state.js'
import type { StageChange } from './lifecycle-transitions.js'

/** A version whose stage another writer changed, as this process found it in the saved state. */
export interface StageSeen {
  version: string
  from: LifecycleStage
  to: LifecycleStage
  canaryShare?: number
}

/** What the stages tell the lifecycle. */
export interface StageListener {
  /** A change made here (saved, or applied at once when automatic). */
  moved(event: LifecycleEvent): void
  /** A change another writer saved, found when the state was read again. */
  seen(change: StageSeen, revision: number): void
}

// A save that lost the race re-reads and re-applies; this many losses in a row give up.
const maxSaveAttempts = 5

/**
 * The versions' current stages, kept in step with a {@link LifecycleStateStore} when one is
 * attached. An operator's change is saved first and applied once saved; an automatic rollback is
 * applied at once (its tenants must stop getting the failing version now) and saved after. A
 * save made from a revision another writer moved on re-reads the saved stages and applies the
 * same change to them, or, when they refuse it (the challenger was promoted or rolled back
 * meanwhile), an operator gets the refusal and an automatic change gives way to the saved stages.
 * Saves and re-reads run one at a time, in order.
 */
export class LifecycleStages {
  #versions: LifecycleVersion[]
  // The stages as last read from or saved to the state, and their revision.
  #saved: LifecycleVersion[]
  #revision = 0
  #events: LifecycleEvent[] = []
  #state: LifecycleStateStore | undefined
  #queue: Promise<unknown> = Promise.resolve()

  constructor(configured: readonly LifecycleVersion[], private readonly listener: StageListener, private readonly logger: Logger, private readonly now: () => Date) {
    this.#versions = configured.map((entry) => ({ ...entry }))
    this.#saved = this.#versions.map((entry) => ({ ...entry }))
  }

  get versions(): readonly LifecycleVersion[] { return this.#versions }
  get events(): readonly LifecycleEvent[] { return this.#events }
  /** The saved revision this process last read or wrote (0 without state, or before the first save). */
  get revision(): number { return this.#revision }
  /** Where the stages are saved, if anywhere. */
  get stateDescription(): string | undefined { return this.#state?.description }

  /** Starts keeping the stages in `state`: its saved stages win over the configured ones for every version listed in both. */
  attach(state: LifecycleStateStore): Promise<void> {
    return this.#serial(async () => {
      this.#state = state
      this.#adopt(await state.read(), { isReported: false })
      this.logger.info({ state: state.description, revision: this.#revision, versions: this.#versions.map(({ version, stage }) => ({ version, stage })) }, 'model lifecycle stages restored')
    })
  }

  /** An operator's change: saved (re-applied after a lost race), then applied. Throws when the stages refuse it. */
  change(change: StageChange): Promise<void> {
    return this.#serial(async () => {
      if (this.#state === undefined) {
        const transition = change(this.#versions, this.#at())
        this.#applyHere(transition.versions, transition.events)
        return
      }
      await this.#save(change, this.#at(), { isAppliedHere: false })
    })
  }

  /** An automatic change: applied at once, saved in the background (failures logged, never thrown). */
  applyNow(change: StageChange): void {
    // One time for the change wherever it is applied: the saved event is the one logged here.
    const at = this.#at()
    const transition = change(this.#versions, at)
    this.#applyHere(transition.versions, transition.events)
    if (this.#state === undefined) return
    this.#serial(() => this.#save(change, at, { isAppliedHere: true })).catch((error: unknown) => {
      this.logger.error({ err: error, state: this.#state?.description }, 'an automatic model lifecycle change was applied here but could not be saved; other processes do not see it')
    })
  }

  /** Reads the saved stages again if their revision moved; true when it had. */
  refresh(): Promise<boolean> {
    return this.#serial(async () => {
      const state = this.#state
      if (state === undefined || (await state.revision()) === this.#revision) return false
      this.#adopt(await state.read(), { isReported: true })
      return true
    })
  }

  /** Calls {@link refresh} every `intervalMs` until the returned function is called; a failed read is logged and tried again. */
  watch(intervalMs: number): () => Promise<void> {
    let timer: NodeJS.Timeout | undefined
    let isStopped = false
    const next = (): void => {
      timer = setTimeout(() => {
        this.refresh().catch((error: unknown) => {
          this.logger.warn({ err: error, state: this.stateDescription }, 'model lifecycle stages could not be read again; keeping the current ones')
        }).finally(() => { if (!isStopped) next() })
      }, intervalMs)
      // A watch alone must not keep a process alive.
      timer.unref()
    }
    next()
    return async () => {
      isStopped = true
      clearTimeout(timer)
      await this.settled()
    }
  }

  /** Waits for the saves and re-reads started so far. */
  async settled(): Promise<void> {
    await this.#queue.catch(() => undefined)
  }

  async #save(change: StageChange, at: string, { isAppliedHere }: { isAppliedHere: boolean }): Promise<void> {
    const state = this.#state as LifecycleStateStore
    for (let attempt = 1; attempt <= maxSaveAttempts; attempt++) {
      let transition
      try {
        transition = change(this.#saved, at)
      } catch (error) {
        if (!isAppliedHere) throw error
        // The saved stages refuse the automatic change: another writer decided first, and wins.
        this.logger.warn({ err: error, state: state.description, revision: this.#revision }, 'an automatic model lifecycle change gave way to the saved stages another writer changed first')
        this.#adopt(await state.read(), { isReported: true })
        return
      }
      const written = await state.save(this.#revision, transition.versions.map(savedForm), transition.events)
      if (written.isApplied) {
        this.#saved = transition.versions.map((entry) => ({ ...entry }))
        this.#revision = written.revision
        if (!isAppliedHere) this.#applyHere(transition.versions, transition.events)
        return
      }
      this.logger.info({ state: state.description, expected: this.#revision, found: written.revision }, 'model lifecycle state changed under this change; re-reading it and applying the change again')
      this.#adopt(await state.read(), { isReported: true, pending: isAppliedHere ? transition.events : [] })
    }
    throw new LifecycleStateConflict([state.description, maxSaveAttempts])
  }

  #applyHere(versions: LifecycleVersion[], events: LifecycleEvent[]): void {
    this.#versions = versions
    for (const event of events) {
      this.#events.push(event)
      this.listener.moved(event)
    }
  }

  // Takes the saved stages over the configured versions; `pending` events (an automatic change
  // not saved yet) keep their version's stage here until their save is decided.
  #adopt(saved: SavedLifecycle, { isReported, pending = [] }: { isReported: boolean; pending?: readonly LifecycleEvent[] }): void {
    const merged = this.#versions.map((entry) => {
      const stored = saved.versions.find((candidate) => candidate.version === entry.version)
      if (stored === undefined) return { ...entry }
      const next: LifecycleVersion = { ...entry, stage: stored.stage }
      if (stored.canaryShare === undefined) delete next.canaryShare
      else next.canaryShare = stored.canaryShare
      return next
    })
    try {
      checkStages(merged)
    } catch (error) {
      throw new LifecycleStateInvalid([this.#state?.description ?? 'the saved state', `with its saved stages the configuration breaks a rule (${(error as Error).message})`], { cause: error })
    }
    const previous = this.#versions
    this.#saved = merged.map((entry) => ({ ...entry }))
    this.#revision = saved.revision
    this.#events = [...saved.events, ...pending]
    const pendingVersions = new Set(pending.map((event) => event.version))
    this.#versions = merged.map((entry) => (pendingVersions.has(entry.version) ? { ...(previous.find((old) => old.version === entry.version) ?? entry) } : entry))
    if (!isReported) return
    for (const entry of this.#versions) {
      const before = previous.find((old) => old.version === entry.version)
      if (before === undefined || (before.stage === entry.stage && before.canaryShare === entry.canaryShare)) continue
      this.listener.seen({ version: entry.version, from: before.stage, to: entry.stage, ...(entry.canaryShare === undefined ? {} : { canaryShare: entry.canaryShare }) }, saved.revision)
    }
  }

  #at(): string {
    return this.now().toISOString()
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch(() => undefined)
    return run
  }
}

function savedForm({ version, stage, canaryShare }: LifecycleVersion): SavedVersion {
  return canaryShare === undefined ? { version, stage } : { version, stage, canaryShare }
}
