import { type AetherRecord, StorageRecordsRefused } from '@aether/plugin-api'

/** A record storage refused, with the storage's reason. */
export interface RefusedRecord {
  record: AetherRecord
  reason: string
}

/**
 * Writes `records`; when storage refuses the batch for its data (StorageRecordsRefused), halves
 * it until the refused records are found, so the rest is stored and only those come back. One
 * bad record in a batch of n costs about 2·log2(n) more writes; a passing fault (a lost
 * connection) is not the data's fault and propagates, so the whole batch is retried.
 */
export async function writeIsolatingRefusals(
  write: (records: AetherRecord[]) => Promise<void>,
  records: AetherRecord[],
): Promise<RefusedRecord[]> {
  try {
    await write(records)
    return []
  } catch (error) {
    if (!StorageRecordsRefused.is(error) || records.length === 0) throw error
    if (records.length === 1) return [{ record: records[0] as AetherRecord, reason: error.message }]
    const middle = Math.ceil(records.length / 2)
    const first = await writeIsolatingRefusals(write, records.slice(0, middle))
    const second = await writeIsolatingRefusals(write, records.slice(middle))
    return [...first, ...second]
  }
}
