import { readFile } from 'node:fs/promises'
import type { AdapterKind } from '@aether/plugin-sandbox-host'
import type { Keyed } from '@aether/adapter-sdk'
import { AdapterInputUnusable } from './errors.js'

const samplesDir = new URL('../samples/', import.meta.url)

/**
 * Real records for a kind, to try an adapter on when no input is given: `samples/signals.json`
 * holds signals read by the sources plugin from examples/spot-risk's GCP incident history. They
 * are stamped with `tenant`; a record's id does not depend on its tenant.
 */
export async function sampleRecords(kind: AdapterKind, tenant: string): Promise<Keyed[]> {
  const file = samplesFor[kind]
  if (file === undefined) throw new AdapterInputUnusable([`No sample records for a ${kind}`, 'there are none shipped yet'])
  const records = JSON.parse(await readFile(new URL(file, samplesDir), 'utf8')) as Keyed[]
  return records.map((record) => ({ ...record, tenant }))
}

const samplesFor: Partial<Record<AdapterKind, string>> = { enricher: 'signals.json', validator: 'signals.json' }

/** Reads an `--input` file: a JSON array of records, each with a string `id` and `tenant`. */
export async function inputRecords(file: string): Promise<Keyed[]> {
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new AdapterInputUnusable([`--input ${file}`, `it could not be read as JSON (${(error as Error).message})`], { cause: error })
  }
  if (!Array.isArray(value)) throw new AdapterInputUnusable([`--input ${file}`, 'it is not a JSON array'])
  for (const [index, record] of value.entries()) {
    const { id, tenant } = (record ?? {}) as Partial<Keyed>
    if (typeof id !== 'string' || typeof tenant !== 'string') throw new AdapterInputUnusable([`--input ${file}`, `record ${index} has no string "id" and "tenant"`])
  }
  return value as Keyed[]
}
