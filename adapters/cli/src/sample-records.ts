import { readFile } from 'node:fs/promises'
import type { AdapterKind } from '@aether/plugin-sandbox-host'
import { AdapterInputUnusable } from './errors.js'

const samplesDir = new URL('../samples/', import.meta.url)

/**
 * Real inputs for a kind, to try an adapter on when no input is given (samples/README.md says
 * where each comes from): GCP incident signals for an enricher, raw signals and price samples
 * (one of them invalid) for a validator, forecast inputs of two pools for a forecaster, the
 * heuristic baseline's forecasts of them for a policy. A source gets none: it polls from a null
 * cursor. Every record is stamped with `tenant`; a record's id does not depend on its tenant.
 */
export async function sampleInputs(kind: AdapterKind, tenant: string): Promise<unknown[]> {
  if (kind === 'source') return []
  const records = JSON.parse(await readFile(new URL(samplesFor[kind], samplesDir), 'utf8')) as Array<Record<string, unknown>>
  return kind === 'forecaster' ? records.map((input) => stampForecastInput(input, tenant)) : records.map((record) => ({ ...record, tenant }))
}

const samplesFor: Record<Exclude<AdapterKind, 'source'>, string> = {
  enricher: 'signals.json', validator: 'raw-records.json', forecaster: 'forecast-inputs.json', policy: 'forecasts.json',
}

function stampForecastInput(input: Record<string, unknown>, tenant: string): Record<string, unknown> {
  const stamped = (list: unknown) => (list as Array<Record<string, unknown>>).map((record) => ({ ...record, tenant }))
  return { ...input, telemetry: stamped(input.telemetry), signals: stamped(input.signals), enrichments: stamped(input.enrichments) }
}

/**
 * Reads an `--input` file: a JSON array of what the kind reads. An enricher's and a policy's
 * records need a string `id` and `tenant` (the host matches outputs by them); a validator takes
 * anything, as raw records may be; a forecaster takes forecast inputs (the host keys them). A
 * source reads no input.
 */
export async function inputRecords(file: string, kind: AdapterKind): Promise<unknown[]> {
  const where = `--input ${file}`
  if (kind === 'source') throw new AdapterInputUnusable([where, 'a source reads no input records (it polls from a null cursor); leave --input out'])
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new AdapterInputUnusable([where, `it could not be read as JSON (${(error as Error).message})`], { cause: error })
  }
  if (!Array.isArray(value)) throw new AdapterInputUnusable([where, 'it is not a JSON array'])
  for (const [index, record] of value.entries()) {
    const problem = inputProblem(kind, record)
    if (problem !== undefined) throw new AdapterInputUnusable([where, `record ${index} ${problem}`])
  }
  return value
}

function inputProblem(kind: AdapterKind, record: unknown): string | undefined {
  if (kind === 'validator') return undefined
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return 'is not an object'
  const fields = record as Record<string, unknown>
  if (kind === 'forecaster') {
    const isInput = ['region', 'pool', 'asOf'].every((key) => typeof fields[key] === 'string')
      && ['telemetry', 'signals', 'enrichments'].every((key) => Array.isArray(fields[key]))
    return isInput ? undefined : 'is not a forecast input (string region, pool, asOf; arrays telemetry, signals, enrichments)'
  }
  return typeof fields.id === 'string' && typeof fields.tenant === 'string' ? undefined : 'has no string "id" and "tenant"'
}
