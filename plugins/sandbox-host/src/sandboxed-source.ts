import {
  type ContractRegistry, createContractRegistry, type DraftRecord, recordId, type SignalSource, type StageContext,
} from '@aether/plugin-api'
import { SandboxSourceFailed } from './errors.js'
import type { SandboxedAdapter } from './sandboxed-adapter.js'
import { adapterRef } from './state/adapter-state-of.js'
import type { CursorStore } from './state/host-state.js'

/** How far the host follows a source adapter in one run. */
export interface SourceLimits {
  /** Polls per run; a source still returning records then is stopped with a warning. */
  maxPolls: number
  /** Records one poll may return. */
  maxRecordsPerPoll: number
}

export const defaultSourceLimits: SourceLimits = { maxPolls: 1_000, maxRecordsPerPoll: 10_000 }

/** The cursor is the adapter's own state between polls: any JSON, up to this many UTF-8 bytes. */
export const maxCursorBytes = 16 * 1024

/** A poll's output after the host's checks. */
export type CheckedPoll =
  | { isOk: true; records: DraftRecord[]; cursor: unknown; unfit: string[] }
  | { isOk: false; reason: string }

/**
 * Checks what `poll` returned: `{ records, cursor }` and nothing else; at most `maxRecords`
 * records, each a plain object of the manifest's `contract` with string `source` and
 * `sourceEventId` (what the record's id is made of); a cursor of at most maxCursorBytes.
 * Anything else fails the poll. A draft of the right contract whose other fields do not follow
 * it is passed on and listed in `unfit`: the validator stage refuses it and keeps it as invalid,
 * with its issues, as it does for any source's bad record.
 */
export function checkPoll(output: unknown, contract: string, maxRecords: number, contracts: ContractRegistry, tenant: string): CheckedPoll {
  const fail = (reason: string): CheckedPoll => ({ isOk: false, reason })
  if (output === null || typeof output !== 'object' || Array.isArray(output)) return fail('poll did not return an object { records, cursor }')
  const extra = Object.keys(output).filter((key) => key !== 'records' && key !== 'cursor')
  if (extra.length > 0) return fail(`poll returned fields other than records and cursor: ${extra.slice(0, 5).join(', ')}`)
  const { records, cursor } = output as { records?: unknown; cursor?: unknown }
  if (!Array.isArray(records)) return fail('records is not an array')
  if (records.length > maxRecords) return fail(`poll returned ${records.length} records, more than the ${maxRecords} allowed`)
  if (cursor === undefined) return fail('poll returned no cursor (return null to start over)')
  const cursorBytes = Buffer.byteLength(JSON.stringify(cursor))
  if (cursorBytes > maxCursorBytes) return fail(`the cursor is ${cursorBytes} bytes, more than ${maxCursorBytes}`)
  const unfit: string[] = []
  for (const [index, draft] of records.entries()) {
    if (draft === null || typeof draft !== 'object' || Array.isArray(draft)) return fail(`record ${index} is not an object`)
    const fields = draft as Record<string, unknown>
    if (fields.contract !== contract) return fail(`record ${index} has contract ${JSON.stringify(fields.contract)}; this source returns "${contract}" only`)
    for (const key of ['source', 'sourceEventId'] as const) {
      const value = fields[key]
      if (typeof value !== 'string' || value === '') return fail(`record ${index} has no ${key} string (its id is made of source and sourceEventId)`)
    }
    // Checked as the source stage will stamp it (tenant and id are the host's, never the adapter's).
    const parts = { source: fields.source as string, sourceEventId: fields.sourceEventId as string, contract }
    const check = contracts.check(contract, { ...fields, tenant, id: recordId(parts) })
    if (!check.isValid) unfit.push(`record ${index}: ${check.issues.slice(0, 3).map((issue) => `${issue.path} ${issue.message}`).join('; ')}`)
  }
  return { isOk: true, records: records as DraftRecord[], cursor, unfit }
}

/**
 * A source adapter as an ordinary `aether.source.v1` implementation. Each run polls from the
 * cursor `cursors` kept (null when none, or without a store), passes each poll's cursor to the
 * next, and yields each poll's records, until a poll returns none or `maxPolls` is reached.
 * A poll's cursor is saved when the pipeline asks for more after taking its records (the source
 * stage publishes a batch before it pulls the next), never before: a crash in between repeats
 * that poll at the next run, and its records get the same ids, which storage counts as
 * duplicates. At least once, never lost. A failed poll throws AETHER_E_SANDBOX_SOURCE_FAILED with
 * the call's code, so the run ends failed instead of silently short.
 */
export class SandboxedSource implements SignalSource {
  readonly #contracts = createContractRegistry()

  constructor(
    private readonly adapter: SandboxedAdapter,
    private readonly limits: SourceLimits = defaultSourceLimits,
    private readonly cursors?: CursorStore,
  ) {}

  get name(): string {
    return this.adapter.name
  }

  async *read(context: StageContext): AsyncIterable<DraftRecord[]> {
    const { manifest } = this.adapter.adapter
    const log = context.logger
    const ref = adapterRef(this.adapter.adapter)
    let cursor: unknown = this.cursors === undefined ? null : await this.cursors.load(ref, context.tenant)
    const save = async (next: unknown): Promise<void> => {
      // A cursor that could not be saved only repeats polls at the next run: the run goes on.
      await this.cursors?.save(ref, context.tenant, next).catch((error: unknown) => {
        log.warn({ adapter: manifest.name, err: error }, 'the source adapter\'s cursor could not be saved; the next run repeats polls from the one saved before')
      })
    }
    for (let poll = 1; poll <= this.limits.maxPolls; poll += 1) {
      if (context.signal.aborted) return
      const result = await this.adapter.poll(cursor, context.tenant, log)
      const checked = result.isOk
        ? checkPoll(result.output, manifest.output, this.limits.maxRecordsPerPoll, this.#contracts, context.tenant)
        : result
      if (!checked.isOk) {
        const code = result.isOk ? 'AETHER_E_SANDBOX_CONTRACT_VIOLATION' : result.code
        const error = new SandboxSourceFailed([manifest.name, poll, `${code}: ${checked.reason}`])
        log.error({ adapter: manifest.name, code, poll, reason: checked.reason }, 'source adapter poll failed')
        throw error
      }
      // A few examples say what is wrong; the count says how much.
      for (const problem of checked.unfit.slice(0, 3)) {
        log.warn({ adapter: manifest.name, poll, problem, unfit: checked.unfit.length }, `source adapter returned records that do not follow ${manifest.output}; the validator decides`)
      }
      if (checked.records.length === 0) {
        // No records to lose: its cursor (a new ETag, say) is saved at once.
        await save(checked.cursor)
        log.info({ adapter: manifest.name, polls: poll }, 'source adapter has no more records')
        return
      }
      cursor = checked.cursor
      yield checked.records
      // The pipeline took the records and asks for more: now the cursor may move on.
      await save(cursor)
    }
    log.warn({ adapter: manifest.name, polls: this.limits.maxPolls }, `source adapter stopped after maxPolls (${this.limits.maxPolls}) polls while it still returned records; raise the adapter entry's source.maxPolls to read further`)
  }
}
