import { defineError } from '@aether/plugin-api'

/** A command-line option the agent cannot use. */
export const AgentOptionInvalid = defineError('AETHER_E_AGENT_OPTION_INVALID',
  (option: string, problem: string) => `aether-agent: option --${option} ${problem}. Run \`aether-agent --help\` for the options.`)

/** The local telemetry file is missing or not a spot trace. */
export const AgentTelemetryUnreadable = defineError('AETHER_E_AGENT_TELEMETRY_UNREADABLE',
  (path: string, problem: string) => `aether-agent cannot read its local telemetry ${path}: ${problem}. Pass a spot trace ({"metadata": {"gap_seconds": N}, "data": [...]}) with --trace.`)

/** Another agent, still running, holds the outbox directory. */
export const AgentOutboxLocked = defineError('AETHER_E_AGENT_OUTBOX_LOCKED',
  (dir: string, pid: number) => `aether-agent: the outbox ${dir} is in use by process ${pid}, which is still running. Stop it, or give this agent an outbox of its own with --outbox <dir>.`)

/** The outbox directory or its journal cannot be created, read or written. */
export const AgentOutboxUnusable = defineError('AETHER_E_AGENT_OUTBOX_UNUSABLE',
  (path: string, problem: string) => `aether-agent cannot use its outbox ${path}: ${problem}. Check the directory's permissions and free space, or pass another --outbox <dir> (or --outbox memory).`)
