import type { Command } from 'commander'
import semver from 'semver'
import { storagePoint } from '@aether/plugin-api'
import { createKernelFromConfig } from '../kernel/load-plugins.js'
import type { Kernel } from '../kernel/create-kernel.js'
import { loadCommandConfig, withConfigOptions, type ConfigOptions } from './config-options.js'

interface Check {
  name: string
  run(): Promise<string>
}

/** `aether doctor [config]`: checks Node, configuration, plugins, storage and bus. */
export function addDoctorCommand(program: Command): void {
  withConfigOptions(program.command('doctor'))
    .description('check that this machine can run a configuration: Node version, plugins, storage, bus')
    .argument('[config]', 'configuration or pipeline file (JSON)')
    .action(async (file: string | undefined, options: ConfigOptions) => {
      let kernel: Kernel | undefined
      const checks: Check[] = [
        {
          name: 'Node.js version',
          run: async () => {
            if (!semver.satisfies(process.version, '>=20.19.0')) throw new Error(`${process.version} is too old; install Node.js 20.19 or later`)
            return process.version
          },
        },
        {
          name: 'configuration and plugins',
          run: async () => {
            const candidate = await createKernelFromConfig(await loadCommandConfig(file, { ...options, logLevel: options.logLevel ?? 'warn' }))
            await candidate.start()
            kernel = candidate
            return kernel.plugins().map((m) => `${m.name}@${m.version}`).join(', ') || 'no plugins'
          },
        },
        {
          name: 'storage reachable',
          run: async () => {
            if (kernel === undefined) throw new Error('the kernel did not start (see above)')
            const storage = kernel.resolveAll(storagePoint)[0]
            if (storage === undefined) throw new Error('no plugin provides storage')
            await storage.ping()
            return storage.describe()
          },
        },
        {
          name: 'bus reachable',
          run: async () => {
            if (kernel === undefined) throw new Error('the kernel did not start (see above)')
            const consumers = await kernel.bus.backlog()
            return `${kernel.bus.constructor.name}, ${consumers.length} consumers`
          },
        },
      ]
      let failures = 0
      for (const check of checks) {
        try {
          process.stdout.write(`ok    ${check.name}: ${await check.run()}\n`)
        } catch (error) {
          failures += 1
          process.stdout.write(`FAIL  ${check.name}: ${describeFailure(error)}\n`)
        }
      }
      await kernel?.stop()
      if (failures > 0) process.exitCode = 1
    })
}

/** The message of an error and of its causes: "failed while registering" alone does not help. */
function describeFailure(error: unknown): string {
  const messages: string[] = []
  for (let current = error; current instanceof Error && messages.length < 5; current = current.cause) messages.push(current.message)
  return messages.length === 0 ? String(error) : messages.join(' — caused by: ')
}
