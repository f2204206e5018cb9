import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import { isAetherError, type Logger } from '@aether/plugin-api'
import { loadRules, type LoadedRules } from './load-rules.js'

/** What one reload did: put new rules in force, found them unchanged, or refused them. */
export type ReloadOutcome =
  | { outcome: 'reloaded'; version: string }
  | { outcome: 'unchanged'; version: string }
  | { outcome: 'refused'; code: string; message: string; keptVersion: string }

/** Whoever holds the rules in force. */
export interface RulesHolder {
  readonly rules: LoadedRules
  replaceRules(rules: LoadedRules): void
}

// Editors save in bursts (truncate, write, rename): one reload after the burst settles.
const settleMs = 50

/**
 * Reloads a rules file into a holder whenever it changes, without a restart. A file that cannot
 * be read or fails the checks is refused and logged; the rules in force stay.
 */
export class RulesWatcher {
  #watcher: FSWatcher | undefined
  #timer: NodeJS.Timeout | undefined
  #reloading: Promise<ReloadOutcome> | undefined

  constructor(
    private readonly file: string,
    private readonly holder: RulesHolder,
    private readonly logger: Logger,
    private readonly onReload: (outcome: ReloadOutcome) => void = () => {},
  ) {}

  /** Starts watching. The folder is watched, not the file: a save by rename replaces the file's inode. */
  start(): void {
    if (this.#watcher !== undefined) return
    const name = basename(this.file)
    this.#watcher = watch(dirname(this.file), (_event, changed) => {
      if (changed !== null && changed !== name) return
      clearTimeout(this.#timer)
      this.#timer = setTimeout(() => { void this.reload() }, settleMs)
    })
  }

  /** Stops watching; idempotent. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer)
    this.#watcher?.close()
    this.#watcher = undefined
    await this.#reloading
  }

  /** Reads the file now and puts its rules in force if they are valid and new. */
  async reload(): Promise<ReloadOutcome> {
    const previous = this.#reloading ?? Promise.resolve(undefined)
    const next = previous.then(() => this.#reloadNow())
    this.#reloading = next
    const outcome = await next
    this.onReload(outcome)
    return outcome
  }

  async #reloadNow(): Promise<ReloadOutcome> {
    const kept = this.holder.rules.version
    try {
      const rules = await loadRules(this.file)
      if (rules.version === kept) return { outcome: 'unchanged', version: kept }
      this.holder.replaceRules(rules)
      this.logger.info({ file: this.file, version: rules.version, previous: kept }, 'policy rules reloaded')
      return { outcome: 'reloaded', version: rules.version }
    } catch (error) {
      const code = isAetherError(error) ? error.code : 'AETHER_E_POLICY_RULES_UNREADABLE'
      const message = error instanceof Error ? error.message : String(error)
      this.logger.error({ err: error, code, file: this.file, keptVersion: kept }, `policy rules refused; version ${kept} stays in force`)
      return { outcome: 'refused', code, message, keptVersion: kept }
    }
  }
}
