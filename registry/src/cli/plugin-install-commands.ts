import { createInterface } from 'node:readline/promises'
import type { Command } from 'commander'
import type { AskGrant } from '../install/capability-grants.js'
import { addAdapter } from '../install/plugin-add.js'
import { installLocked } from '../install/plugin-install.js'
import { outdatedAdapters } from '../install/plugin-outdated.js'
import { removeAdapter } from '../install/plugin-remove.js'

const defaultRegistryUrl = 'http://127.0.0.1:4873'

/** Progress goes to stderr, so stdout keeps only what a script reads. */
const report = (line: string): void => void process.stderr.write(`${line}\n`)

/** On a terminal: asks the operator, capability by capability. Elsewhere there is no one to ask. */
function terminalAsk(): AskGrant | undefined {
  if (process.stdin.isTTY !== true) return undefined
  return async (capability, grant) => {
    const prompt = createInterface({ input: process.stdin, output: process.stderr })
    try {
      const answer = await prompt.question(`grant ${capability} (as "${grant}")? [y/N] `)
      return /^y(es)?$/i.test(answer.trim())
    } finally {
      prompt.close()
    }
  }
}

/**
 * `aether plugin add | install | remove | outdated`, added to core's `plugin` command: installs
 * certified adapters from a registry into `aether_adapters/` with `aether-lock.json`.
 */
export function addPluginInstallCommands(program: Command): void {
  const plugin = program.commands.find((command) => command.name() === 'plugin') ?? program.command('plugin').description('inspect and install plugins')

  plugin.command('add')
    .description('install a certified adapter from a registry into aether_adapters/ and pin it in aether-lock.json')
    .argument('<spec>', 'name@range (a semver range or dist-tag; name alone: latest)')
    .option('--registry <url>', `the registry (or AETHER_REGISTRY_URL; default ${defaultRegistryUrl})`)
    .option('--grant <grant...>', 'grant a capability the adapter asks for: fetch=<host>[:<port>] or kv (repeatable)')
    .option('--yes', 'grant every capability the adapter was certified for, without asking')
    .action(async (spec: string, flags: { registry?: string; grant?: string[]; yes?: boolean }) => {
      const ask = terminalAsk()
      const { name, locked } = await addAdapter({
        projectDir: process.cwd(), spec, registryUrl: flags.registry ?? process.env.AETHER_REGISTRY_URL ?? defaultRegistryUrl,
        grants: flags.grant ?? [], isYes: flags.yes === true, ...(ask === undefined ? {} : { ask }), report,
      })
      process.stdout.write(`${name}@${locked.version}\n`)
      report(`use it from a configuration in this folder: { "use": "@aether/plugin-sandbox-host", "config": { "adapters": [{ "path": "${locked.folder}" }] } }`)
    })

  plugin.command('install')
    .description('install exactly what aether-lock.json pins (same versions, integrity and signatures verified)')
    .action(async () => {
      const installed = await installLocked(process.cwd(), report)
      for (const id of installed) process.stdout.write(`${id}\n`)
    })

  plugin.command('remove')
    .description('delete an installed adapter and its aether-lock.json entry')
    .argument('<name>')
    .action(async (name: string) => {
      process.stdout.write(`removed ${await removeAdapter(process.cwd(), name)}\n`)
    })

  plugin.command('outdated')
    .description('for each adapter in aether-lock.json: the installed version, what its range installs now, the latest certified')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const rows = await outdatedAdapters(process.cwd())
      if (flags.json === true) return void process.stdout.write(`${JSON.stringify(rows)}\n`)
      const table = [['package', 'current', 'wanted', 'latest'], ...rows.map((row) => [row.name, row.current, row.wanted, row.latest])]
      const widths = [0, 1, 2, 3].map((column) => Math.max(...table.map((line) => line[column]?.length ?? 0)))
      for (const line of table) process.stdout.write(`${line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}\n`)
    })
}
