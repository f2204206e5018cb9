import { defineError } from '@aether/plugin-api'

/** A replay file cannot be read in the format configured for it. */
export const ReplayFileUnreadable = defineError('AETHER_E_SOURCE_FILE',
  (path: string, format: string, problem: string) =>
    `Cannot replay ${path} as ${format}: ${problem}. Check the file and its "format" in the configuration.`)

/** A spot-trace input lacks a setting the trace file cannot provide. */
export const TraceSettingMissing = defineError('AETHER_E_SOURCE_TRACE_SETTING',
  (path: string, setting: string) =>
    `The spot-trace input ${path} needs "${setting}" in its configuration: trace files do not carry it.`)
