import { describe, expect, it } from 'vitest'
import { type AetherRecord, StorageRecordsRefused } from '@aether/plugin-api'
import { writeIsolatingRefusals } from './isolate-refusals.js'

function records(count: number): AetherRecord[] {
  return Array.from({ length: count }, (_, index) => ({ id: `r${index}`, tenant: 't', contract: 'telemetry.v1' }))
}

/** A writer that, like a database, refuses a whole batch holding any record it cannot take. */
function writerRefusing(badIds: Set<string>) {
  const stored: string[] = []
  let writes = 0
  const write = async (batch: AetherRecord[]): Promise<void> => {
    writes += 1
    const bad = batch.find((record) => badIds.has(record.id))
    if (bad !== undefined) throw new StorageRecordsRefused(['test storage', `record ${bad.id} is bad`])
    stored.push(...batch.map((record) => record.id))
  }
  return { write, stored, writes: () => writes }
}

describe('writeIsolatingRefusals', () => {
  it('writes a batch storage accepts in one write', async () => {
    const writer = writerRefusing(new Set())
    expect(await writeIsolatingRefusals(writer.write, records(8))).toEqual([])
    expect(writer.writes()).toBe(1)
  })

  it('stores every other record and returns the refused ones with the reason', async () => {
    const writer = writerRefusing(new Set(['r3', 'r900']))
    const refused = await writeIsolatingRefusals(writer.write, records(1000))
    expect(refused.map((r) => [r.record.id, r.reason])).toEqual([
      ['r3', 'test storage refused the batch for its data: record r3 is bad.'],
      ['r900', 'test storage refused the batch for its data: record r900 is bad.'],
    ])
    expect(writer.stored.length).toBe(998)
    expect(writer.writes()).toBeLessThanOrEqual(1 + 4 * Math.ceil(Math.log2(1000)))
  })

  it('lets a failure that is not the data\'s fault through, for the batch to be retried', async () => {
    const lost = new Error('connection terminated')
    await expect(writeIsolatingRefusals(async () => { throw lost }, records(4))).rejects.toBe(lost)
  })
})
