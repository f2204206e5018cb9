import { resolve } from 'node:path'
import { createLogger, type LogLevel } from '@aether/core'
import { InvalidArgumentError, type Command } from 'commander'
import { Registry } from '../registry.js'
import { startRegistry } from '../start-registry.js'
import { defaultWorkerOptions } from '../submissions/submission-worker.js'
import { isTokenScope, tokenScopes, type TokenScope } from '../tokens/token-scope.js'
import { policyOf, withPolicyFlags, type PolicyFlags } from './start-flags.js'
import { addUsageCommands } from './usage-commands.js'

/** Where the state is: shared by every registry command. */
interface StorageFlags { dataDir: string; databaseUrl?: string; logLevel: LogLevel }

function withStorage(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'the registry\'s folder: tarballs, and the embedded PGlite database', '.aether-registry')
    .option('--database-url <url>', 'keep the state in PostgreSQL instead of PGlite (or AETHER_REGISTRY_DATABASE_URL)')
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent', 'info')
}

function storageOf(flags: StorageFlags): { dataDir: string; databaseUrl?: string } {
  const databaseUrl = flags.databaseUrl ?? process.env.AETHER_REGISTRY_DATABASE_URL
  return { dataDir: resolve(flags.dataDir), ...(databaseUrl === undefined || databaseUrl === '' ? {} : { databaseUrl }) }
}

/** Opens the registry, runs `work`, closes it. */
async function withRegistry<T>(flags: StorageFlags, work: (registry: Registry) => Promise<T>): Promise<T> {
  const registry = await Registry.open(storageOf(flags))
  try {
    return await work(registry)
  } finally {
    await registry.close()
  }
}

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}

/**
 * `aether registry start | worker | token | keys`: runs the registry service (embedded PGlite
 * by default, no setup), extra workers, and the operator's token and key chores.
 */
export function addRegistryCommand(program: Command): void {
  const registry = program.command('registry').description('run the marketplace registry: npm publish, certification, signing')

  withPolicyFlags(withStorage(registry.command('start')))
    .description('serve the registry (the npm protocol and the certification API) and judge submissions in-process')
    .option('--port <port>', 'port to listen on (0: any free port)', '4873')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--public-url <url>', 'the URL clients reach it at, for tarball links (default: the request\'s host)')
    .option('--no-worker', 'judge nothing here; run "aether registry worker" processes instead (PostgreSQL)')
    .action(async (flags: StorageFlags & PolicyFlags & { port: string; host: string; publicUrl?: string; worker: boolean }) => {
      const logger = createLogger({ level: flags.logLevel })
      const running = await startRegistry({
        ...storageOf(flags), ...policyOf(flags), port: Number(flags.port), host: flags.host, logger, hasWorker: flags.worker,
        ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
      })
      process.stdout.write(`aether registry listening on ${running.url} (${running.registry.storage.where}); OpenAPI at ${running.url}/docs\n`)
      await untilSignal()
      await running.stop()
    })

  withStorage(registry.command('worker'))
    .description('judge submissions (conformance, then sign or reject), one at a time, until stopped')
    .option('--lease-ms <ms>', 'how long a claim holds; a killed worker\'s submission is retried after it', String(defaultWorkerOptions.leaseMs))
    .option('--poll-ms <ms>', 'how often to look for work when idle', String(defaultWorkerOptions.pollMs))
    .action(async (flags: StorageFlags & { leaseMs: string; pollMs: string }) => {
      const logger = createLogger({ level: flags.logLevel })
      await withRegistry(flags, async (opened) => {
        const worker = opened.worker(logger, { leaseMs: Number(flags.leaseMs), pollMs: Number(flags.pollMs) })
        worker.start()
        process.stdout.write(`aether registry worker ${worker.owner} judging submissions in ${opened.storage.where}\n`)
        await untilSignal()
        await worker.stop()
      })
    })

  withStorage(registry.command('token'))
    .description('create a token (printed once; only its hash is kept). With PGlite, run it while the service is stopped')
    .option('--label <label>', 'the publisher the token acts for (npm whoami shows it; tokens with one label are one publisher)', 'publisher')
    .option('--scope <scope>', `what it may do: ${tokenScopes.join(', ')} (docs/registry.md, "Tokens and scopes")`, (value: string): TokenScope => {
      if (!isTokenScope(value)) throw new InvalidArgumentError(`"${value}" is not a token scope; use one of ${tokenScopes.join(', ')}.`)
      return value
    }, 'publish')
    .action(async (flags: StorageFlags & { label: string; scope: TokenScope }) => {
      const token = await withRegistry(flags, (opened) => opened.tokens.create(flags.label, flags.scope))
      process.stdout.write(`${token}\n`)
      process.stderr.write('put it in the publisher\'s .npmrc as //<host>:<port>/:_authToken=<token>\n')
    })

  addUsageCommands(registry)

  const keys = registry.command('keys').description('the signing keys: list, rotate, revoke')
  withStorage(keys.command('list')).description('print the public keys with their validity windows (as /-/aether/keys serves them)')
    .action(async (flags: StorageFlags) => {
      const published = await withRegistry(flags, (opened) => opened.keys.published())
      process.stdout.write(`${JSON.stringify({ keys: published }, null, 2)}\n`)
    })
  withStorage(keys.command('rotate')).description('make a new signing key; the current one keeps verifying for the overlap window')
    .action(async (flags: StorageFlags) => {
      const keyId = await withRegistry(flags, (opened) => opened.keys.rotate())
      process.stdout.write(`${keyId}\n`)
    })
  withStorage(keys.command('revoke')).description('revoke a key now: what it signs from now on is invalid').argument('<key-id>')
    .action(async (keyId: string, flags: StorageFlags) => {
      await withRegistry(flags, (opened) => opened.keys.revoke(keyId))
      process.stdout.write(`revoked ${keyId}\n`)
    })
}
