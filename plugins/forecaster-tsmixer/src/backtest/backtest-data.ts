import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { BacktestDataMissing } from '../errors.js'
import type { ScoredSignal } from '../signal-channels.js'
import { parseSpotTrace, type SpotTrace } from '../trace-windows.js'
import { enrichedGcpIncidents, signalsByRegion } from './incident-signals.js'

/** One trace of the folder, with where it sits and when it starts. */
export interface BacktestTrace {
  path: string
  zone: string
  startMs: number
  trace: SpotTrace
}

/** What the backtest found in a folder laid out like the project's data folders. */
export interface BacktestData {
  traces: BacktestTrace[]
  /** Signals per region (`global` included) with their enrichments, from `gcp-incidents/incidents.json` when present. */
  signals: Map<string, ScoredSignal[]>
  /** Subfolders present, and which of them the backtest reads. */
  folders: { present: string[]; used: string[] }
}

const startOfExperiment = /(?:aws|gcp)-(\d\d)-(\d\d)-(\d{4})$/

/** Reads `spot-traces/` (needed: the labels come from it) and `gcp-incidents/` (optional), enriched as the pipeline does. */
export async function readBacktestData(dir: string): Promise<BacktestData> {
  const present = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : []
  const tracesDir = join(dir, 'spot-traces')
  if (!existsSync(tracesDir)) throw new BacktestDataMissing([dir, present])
  const traces = traceFiles(tracesDir).sort().map((file) => {
    const path = relative(tracesDir, file).split('\\').join('/')
    const parts = path.split('/')
    const experiment = parts.at(-2) ?? ''
    const match = startOfExperiment.exec(experiment)
    const startMs = match === null ? 0 : Date.UTC(Number(match[3]), Number(match[1]) - 1, Number(match[2]))
    const zone = (parts.at(-1) ?? '').replace(/\.json$/, '').split('_')[0] ?? ''
    return { path, zone, startMs, trace: parseSpotTrace(readFileSync(file, 'utf8')) }
  })
  const incidentsFile = join(dir, 'gcp-incidents', 'incidents.json')
  const signals = existsSync(incidentsFile) ? signalsByRegion(await enrichedGcpIncidents(readFileSync(incidentsFile, 'utf8'))) : new Map<string, ScoredSignal[]>()
  return { traces, signals, folders: { present, used: ['spot-traces', ...(existsSync(incidentsFile) ? ['gcp-incidents'] : [])] } }
}

/** `us-east1-b` (GCP) → `us-east1`; `us-east-1c` (AWS zone name) → `us-east-1`. */
export function regionOfZone(zone: string): string {
  return /-[a-z]$/.test(zone) ? zone.slice(0, -2) : zone.replace(/[a-z]$/, '')
}

/** The signals a pool in this zone sees: its region's and the global ones (as the pipeline). */
export function signalsFor(data: BacktestData, zone: string): ScoredSignal[] {
  return [...(data.signals.get(regionOfZone(zone)) ?? []), ...(data.signals.get('global') ?? [])]
}

function traceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? traceFiles(path) : entry.name.endsWith('.json') ? [path] : []
  })
}
