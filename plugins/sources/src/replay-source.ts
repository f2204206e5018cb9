import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { DraftRecord, SignalSource, StageContext } from '@aether/plugin-api'
import type { ReplayFormat, ReplayInput } from './config.js'
import { ReplayFileUnreadable } from './errors.js'
import { readAwsSpotPriceHistory } from './formats/aws-spot-price-history.js'
import { readAwsStatus } from './formats/aws-status.js'
import { readGcpIncidents } from './formats/gcp-incidents.js'
import { readGcpSpotPrices } from './formats/gcp-spot-prices.js'
import { readSpotTrace } from './formats/spot-trace.js'

// The source stage re-batches to the pipeline's batch size; this only bounds each step.
const yieldSize = 1000

const readers: Record<ReplayFormat, (text: string, input: ReplayInput) => DraftRecord[]> = {
  'gcp-incidents': readGcpIncidents,
  'aws-status': readAwsStatus,
  'gcp-spot-prices': readGcpSpotPrices,
  'aws-spot-price-history': readAwsSpotPriceHistory,
  'spot-trace': readSpotTrace,
}

/**
 * Replays historical files as one stream in time order, as if the events were happening now:
 * every input is read, merged by timestamp (ties keep file order), and yielded in batches.
 * Records whose time cannot be read come first, so the validator sees (and routes) them early.
 */
export class ReplaySource implements SignalSource {
  #records: DraftRecord[] | undefined

  constructor(
    readonly name: string,
    private readonly inputs: ReplayInput[],
    private readonly baseDir: string,
  ) {}

  async estimateCount(): Promise<number> {
    return (await this.#load()).length
  }

  async *read(context: StageContext): AsyncIterable<DraftRecord[]> {
    const records = await this.#load()
    context.logger.info({ source: this.name, records: records.length, files: this.inputs.length }, 'replaying')
    for (let start = 0; start < records.length; start += yieldSize) {
      if (context.signal.aborted) return
      yield records.slice(start, start + yieldSize)
    }
  }

  async #load(): Promise<DraftRecord[]> {
    if (this.#records !== undefined) return this.#records
    const records = (await Promise.all(this.inputs.map((input) => this.#readInput(input)))).flat()
    // Sorts positions by a parallel array of times rather than a wrapper object per record: the
    // same order (ties by position), without tens of thousands of short-lived objects.
    const times = new Float64Array(records.length)
    const positions = new Array<number>(records.length)
    for (let index = 0; index < records.length; index++) {
      const record = records[index] as DraftRecord
      // A trace's samples of one tick share their timestamp: parse it once.
      const isSameTime = index > 0 && record.timestamp === records[index - 1]?.timestamp
      times[index] = isSameTime ? (times[index - 1] as number) : timeOf(record)
      positions[index] = index
    }
    positions.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b)
    this.#records = positions.map((index) => records[index] as DraftRecord)
    return this.#records
  }

  async #readInput(input: ReplayInput): Promise<DraftRecord[]> {
    const path = resolve(this.baseDir, input.path)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      throw new ReplayFileUnreadable([path, input.format, (error as Error).message], { cause: error })
    }
    try {
      return readers[input.format](text, input)
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('AETHER_E_')) throw error
      throw new ReplayFileUnreadable([path, input.format, (error as Error).message], { cause: error })
    }
  }
}

function timeOf(record: DraftRecord): number {
  const ms = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}
