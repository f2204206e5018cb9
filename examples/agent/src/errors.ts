import { defineError } from '@aether/plugin-api'

/** A command-line option the agent cannot use. */
export const AgentOptionInvalid = defineError('AETHER_E_AGENT_OPTION_INVALID',
  (option: string, problem: string) => `aether-agent: option --${option} ${problem}. Run \`aether-agent --help\` for the options.`)

/** The local telemetry file is missing or not a spot trace. */
export const AgentTelemetryUnreadable = defineError('AETHER_E_AGENT_TELEMETRY_UNREADABLE',
  (path: string, problem: string) => `aether-agent cannot read its local telemetry ${path}: ${problem}. Pass a spot trace ({"metadata": {"gap_seconds": N}, "data": [...]}) with --trace.`)
