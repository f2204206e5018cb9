import {
  createContractRegistry, type DraftRecord, type ForecastInput, type ForecastV1, type Logger, recordId, type SignalV1, type StageContext,
} from '@aether/plugin-api'
import {
  type AdapterKind, checkPoll, type SandboxedAdapter, SandboxedEnricher, SandboxedForecaster, SandboxedPolicy, SandboxedValidator,
} from '@aether/plugin-sandbox-host'
import { batchOutcome, type BatchOutcome, type ItemOutcome } from './batch-outcome.js'

/** Polls a source run may take in the harness, and records it may gather, before it stops. */
export const sourceRunLimits = { maxPolls: 50, maxRecords: 5_000 }

const contracts = createContractRegistry()

function stageContext(tenant: string, logger: Logger): StageContext {
  return { tenant, signal: new AbortController().signal, logger, traceId: 'conformance' }
}

/**
 * Runs one batch of a kind through the product's own sandboxed implementation of that kind
 * (SandboxedEnricher, SandboxedValidator, ...), so the harness sees exactly what a pipeline
 * would: `inputs` are that kind's inputs; for a source, `inputs` is `[cursor]` and the run polls
 * from it until a poll returns no records (or sourceRunLimits).
 */
export async function runBatch(kind: AdapterKind, adapter: SandboxedAdapter, inputs: unknown[], tenant: string, logger: Logger): Promise<BatchOutcome> {
  const context = stageContext(tenant, logger)
  const keyOf = (index: number): string => {
    const input = inputs[index] as { id?: unknown } | null
    return typeof input?.id === 'string' ? input.id : String(index)
  }
  const items = (results: Array<{ isOk: true; value: unknown } | { isOk: false; error: string }>): ItemOutcome[] =>
    results.map((result, index) => result.isOk ? { key: keyOf(index), isOk: true, value: result.value } : { key: keyOf(index), isOk: false, error: result.error })
  switch (kind) {
    case 'enricher':
      return batchOutcome(items(await new SandboxedEnricher(adapter).enrichBatch(inputs as SignalV1[], context)))
    case 'forecaster':
      return batchOutcome(items(await new SandboxedForecaster(adapter).forecastBatch(inputs as ForecastInput[], context)))
    case 'policy':
      return batchOutcome(items(await new SandboxedPolicy(adapter).decideBatch(inputs as ForecastV1[], context)))
    case 'validator': {
      const verdicts = await new SandboxedValidator(adapter).validateBatch(inputs, context)
      return batchOutcome(verdicts.map((verdict, index) => verdict.isValid
        ? { key: keyOf(index), isOk: true, value: true }
        : { key: keyOf(index), isOk: false, error: verdict.reason }))
    }
    case 'source':
      return pollSource(adapter, inputs[0] ?? null, tenant, logger)
  }
}

/** Polls a source from `cursor`; each record becomes an item keyed by its sourceEventId. */
async function pollSource(adapter: SandboxedAdapter, start: unknown, tenant: string, logger: Logger): Promise<BatchOutcome> {
  const items: ItemOutcome[] = []
  let cursor = start
  for (let poll = 1; poll <= sourceRunLimits.maxPolls && items.length < sourceRunLimits.maxRecords; poll += 1) {
    const answer = await pollOnce(adapter, cursor, tenant, logger, poll)
    items.push(...answer.items)
    if (answer.failure !== undefined) return { failure: answer.failure, items }
    if (answer.cursor === undefined) break
    cursor = answer.cursor
  }
  return { items }
}

/**
 * A source's run from the null cursor in which every poll is made twice in a row with the same
 * cursor, as a host redelivers a poll whose records it could not hand on (kv kept between the
 * two): `first` gathers the first answers (the run follows their cursors), `again` the second.
 */
export async function pollRedelivered(adapter: SandboxedAdapter, tenant: string, logger: Logger): Promise<{ first: BatchOutcome; again: BatchOutcome }> {
  const first: ItemOutcome[] = []
  const again: ItemOutcome[] = []
  let cursor: unknown = null
  for (let poll = 1; poll <= sourceRunLimits.maxPolls && first.length < sourceRunLimits.maxRecords; poll += 1) {
    const answer = await pollOnce(adapter, cursor, tenant, logger, poll)
    again.push(...(await pollOnce(adapter, cursor, tenant, logger, poll)).items)
    first.push(...answer.items)
    if (answer.failure !== undefined || answer.cursor === undefined) break
    cursor = answer.cursor
  }
  return { first: { items: first }, again: { items: again } }
}

/** One poll's records as items, and the cursor to go on from (undefined: the poll returned none, or failed). */
async function pollOnce(adapter: SandboxedAdapter, cursor: unknown, tenant: string, logger: Logger, poll: number): Promise<{ items: ItemOutcome[]; cursor?: unknown; failure?: string }> {
  const result = await adapter.poll(cursor, tenant, logger)
  const checked = result.isOk
    ? checkPoll(result.output, adapter.adapter.manifest.output, sourceRunLimits.maxRecords, contracts, tenant)
    : result
  if (!checked.isOk) {
    const code = result.isOk ? 'AETHER_E_SANDBOX_CONTRACT_VIOLATION' : result.code
    return { failure: code, items: [{ key: `poll ${poll}`, isOk: false, error: `${code}: ${checked.reason}` }] }
  }
  if (checked.records.length === 0) return { items: [] }
  const unfit = new Map(checked.unfit.map((problem) => [Number(/^record (\d+)/.exec(problem)?.[1]), problem]))
  const items = checked.records.map((draft, index): ItemOutcome => {
    const record = draft as DraftRecord & { source: string; sourceEventId: string }
    const problem = unfit.get(index)
    const id = recordId({ source: record.source, sourceEventId: record.sourceEventId, contract: adapter.adapter.manifest.output })
    return problem === undefined
      ? { key: id, isOk: true, value: record }
      : { key: id, isOk: false, error: `AETHER_E_SANDBOX_CONTRACT_VIOLATION: ${problem}` }
  })
  return { items, cursor: checked.cursor }
}
