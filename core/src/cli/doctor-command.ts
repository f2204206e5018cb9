import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import type { Command } from 'commander'
import semver from 'semver'
import { storagePoint } from '@aether/plugin-api'
import { NodeTooOld } from '../errors.js'
import { coreInstallDir, createKernelFromConfig } from '../kernel/load-plugins.js'
import type { Kernel } from '../kernel/create-kernel.js'
import { loadCommandConfig, withConfigOptions, type ConfigOptions } from './config-options.js'

/** The outcome of one check: passed, failed, or not run because it could not be (with why). */
export interface CheckResult {
  name: string
  status: 'ok' | 'fail' | 'skip'
  detail: string
}

interface Check {
  name: string
  /** Resolves with what was found; `skip` when there is nothing to check; throws when the check fails. */
  run(): Promise<string | { skip: string }>
}

const nodeRange = '>=20.19.0'
// A failure shouts; a check with nothing to check does not.
const labels = { ok: 'ok', fail: 'FAIL', skip: 'skip' } as const

/** `aether doctor [config]`: checks Node, configuration, plugins, storage and bus. */
export function addDoctorCommand(program: Command): void {
  withConfigOptions(program.command('doctor'))
    .description('check that this machine can run a configuration: Node version, plugins, storage, bus ' +
      '(with no file, inside the Aether repository: the example pipeline)')
    .argument('[config]', 'configuration or pipeline file (JSON)')
    .option('--json', 'print the results as JSON')
    .action(async (given: string | undefined, options: ConfigOptions & { json?: boolean }) => {
      const file = given ?? examplePipeline(process.cwd())
      const results = await runChecks(file, options)
      const isHealthy = results.every((result) => result.status !== 'fail')
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ file: file ?? null, isHealthy, checks: results })}\n`)
      } else {
        if (given === undefined && file !== undefined) process.stdout.write(`No file given: checking the example pipeline ${relative(process.cwd(), file)}\n`)
        for (const { name, status, detail } of results) process.stdout.write(`${labels[status].padEnd(6)}${name}: ${detail}\n`)
      }
      if (!isHealthy) process.exitCode = 1
    })
}

async function runChecks(file: string | undefined, options: ConfigOptions): Promise<CheckResult[]> {
  let kernel: Kernel | undefined
  const notStarted = { skip: 'not checked: the configuration and plugins did not start (see above)' }
  const checks: Check[] = [
    {
      name: 'Node.js version',
      run: async () => {
        if (!semver.satisfies(process.version, nodeRange)) throw new NodeTooOld([process.version, nodeRange])
        return process.version
      },
    },
    {
      name: 'configuration and plugins',
      run: async () => {
        if (file === undefined) {
          return { skip: 'no configuration given: run `aether doctor <pipeline.json>` with the pipeline file to check' }
        }
        const candidate = await createKernelFromConfig(await loadCommandConfig(file, { ...options, logLevel: options.logLevel ?? 'warn' }))
        await candidate.start()
        kernel = candidate
        return kernel.plugins().map((m) => `${m.name}@${m.version}`).join(', ') || 'no plugins'
      },
    },
    {
      name: 'storage reachable',
      run: async () => {
        if (kernel === undefined) return file === undefined ? { skip: 'no configuration given' } : notStarted
        const storage = kernel.resolveAll(storagePoint)[0]
        if (storage === undefined) return { skip: 'this configuration has no storage plugin' }
        await storage.ping()
        return storage.describe()
      },
    },
    {
      name: 'bus reachable',
      run: async () => {
        if (kernel === undefined) return file === undefined ? { skip: 'no configuration given' } : notStarted
        const consumers = await kernel.bus.backlog()
        return `${kernel.bus.constructor.name}, ${consumers.length} consumers`
      },
    },
  ]
  const results: CheckResult[] = []
  for (const { name, run } of checks) {
    try {
      const found = await run()
      results.push(typeof found === 'string' ? { name, status: 'ok', detail: found } : { name, status: 'skip', detail: found.skip })
    } catch (error) {
      results.push({ name, status: 'fail', detail: describeFailure(error) })
    }
  }
  await kernel?.stop()
  return results
}

/**
 * The spot-risk example pipeline, when `cwd` is inside the Aether repository this CLI comes
 * from: what `aether doctor` checks when given no file there.
 */
function examplePipeline(cwd: string): string | undefined {
  const repository = dirname(coreInstallDir.replace(/[\\/]$/, ''))
  const example = join(repository, 'examples', 'spot-risk', 'pipeline.json')
  const isInside = !relative(repository, cwd).startsWith('..')
  return isInside && existsSync(example) ? example : undefined
}

/** The message of an error and of its causes: "failed while registering" alone does not help. */
function describeFailure(error: unknown): string {
  const messages: string[] = []
  for (let current = error; current instanceof Error && messages.length < 5; current = current.cause) messages.push(current.message)
  return messages.length === 0 ? String(error) : messages.join(' — caused by: ')
}
