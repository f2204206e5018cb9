import { createLogger } from '@aether/core'
import { isAetherError } from '@aether/plugin-api'
import { parseAgentOptions, usage } from './agent-options.js'
import { runAgent, type AgentEvent } from './agent.js'

// Events on stdout, one JSON object a line; logs (pino) on stderr.
const print = (event: AgentEvent): void => { process.stdout.write(`${JSON.stringify(event)}\n`) }

try {
  const options = parseAgentOptions(process.argv.slice(2))
  if (options === 'help') {
    process.stdout.write(`${usage}\n`)
  } else {
    const logger = createLogger({ level: (process.env.AETHER_LOG_LEVEL as 'info' | undefined) ?? 'warn' })
    const done = await runAgent(options, logger, print)
    print(done)
    process.exitCode = done.drained ? 0 : 3
  }
} catch (error) {
  process.stderr.write(`${isAetherError(error) || error instanceof TypeError ? (error as Error).message : String(error)}\n`)
  process.exitCode = 2
}
