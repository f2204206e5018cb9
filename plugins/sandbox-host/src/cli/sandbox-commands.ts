import { InvalidArgumentError, type Command } from 'commander'
import { resolve } from 'node:path'
import {
  createKernel, importPlugins, loadCommandConfig, storagePoint, validateConfig, withConfigOptions, type CliContribution,
  type ConfigOptions, type RecordStorage,
} from '@aether/core'
import { SandboxHostConfig } from '../config.js'
import { dailyUsage, usageRecords } from '../metering/daily-usage.js'
import { readAdapter } from '../read-adapter.js'
import { adapterStatus, type AdapterStatus } from './adapter-status.js'

const pluginName = '@aether/plugin-sandbox-host'

/** An option parser for a UTC day: refuses anything but an existing `YYYY-MM-DD`. */
function utcDayOption(value: string): string {
  const epochMs = Date.parse(`${value}T00:00:00.000Z`)
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(epochMs) && new Date(epochMs).toISOString().startsWith(value)
  if (!isDay) throw new InvalidArgumentError(`"${value}" is not a UTC day; use YYYY-MM-DD, such as 2026-12-01.`)
  return value
}

/**
 * `aether sandbox status <config>` and `aether sandbox usage <config>`: what the sandbox host
 * recorded in storage about its adapters. Only the storage plugin is started: no sandbox
 * process, no pipeline.
 */
export const addSandboxCommands: CliContribution = (program: Command) => {
  const sandbox = program.command('sandbox').description('the sandbox host\'s adapters: recorded breaker state and usage')

  withConfigOptions(sandbox.command('status'))
    .description('each configured adapter\'s circuit breaker as last recorded in the audit ledger, and today\'s stored usage')
    .argument('<config>', 'configuration or pipeline file (JSON) with the sandbox host and a storage plugin')
    .option('--json', 'print JSON')
    .action(async (file: string, options: ConfigOptions & { json?: boolean }) => {
      await withStorage(file, options, async (storage, tenant, adapters) => {
        const status = await adapterStatus(storage, tenant, adapters)
        process.stdout.write(options.json === true ? `${JSON.stringify(status)}\n` : formatStatus(status))
      })
    })

  withConfigOptions(sandbox.command('usage'))
    .description('daily usage totals per adapter (calls, records, CPU ms, failures by code) from the stored usage.v1 records')
    .argument('<config>', 'configuration or pipeline file (JSON) with a storage plugin')
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD', utcDayOption)
    .option('--to <day>', 'last UTC day, YYYY-MM-DD (default: --from)', utcDayOption)
    .option('--json', 'print JSON')
    .option('--records', 'print the stored usage.v1 records themselves (a JSON array), for "aether registry usage import"')
    .action(async (file: string, options: ConfigOptions & { from: string; to?: string; json?: boolean; records?: boolean }) => {
      const to = options.to ?? options.from
      await withStorage(file, options, async (storage, tenant) => {
        if (options.records === true) return void process.stdout.write(`${JSON.stringify(await usageRecords(storage, { tenant, from: options.from, to }))}\n`)
        const totals = await dailyUsage(storage, { tenant, from: options.from, to })
        if (options.json === true) return void process.stdout.write(`${JSON.stringify(totals)}\n`)
        if (totals.length === 0) return void process.stdout.write(`No adapter usage is stored for tenant ${tenant} from ${options.from} to ${to}.\n`)
        for (const t of totals) {
          process.stdout.write(`${t.day}  ${t.adapter}  calls ${t.calls}  in ${t.recordsIn}  out ${t.recordsOut}  cpu ${t.cpuMs.toFixed(1)} ms` +
            `${codes(' failed', t.failures)}${codes(' refused', t.refused)}\n`)
        }
      })
    })
}

async function withStorage(
  file: string, options: ConfigOptions,
  work: (storage: RecordStorage, tenant: string, adapters: Array<{ name: string; cpuMsPerDay: number }>) => Promise<void>,
): Promise<void> {
  const loaded = await loadCommandConfig(file, { ...options, logLevel: options.logLevel ?? 'warn' })
  const entry = loaded.config.plugins.find((p) => p.use === pluginName)
  const config = validateConfig(SandboxHostConfig, entry?.config ?? {}, () => `the configuration of plugin "${pluginName}"`)
  const adapters = await Promise.all(config.adapters.map(async (a) => {
    const { manifest } = await readAdapter(resolve(loaded.baseDir, a.path), config.maxima)
    return { name: manifest.name, cpuMsPerDay: manifest.limits.cpuMsPerDay ?? config.maxima.cpuMsPerDay }
  }))
  const plugins = (await importPlugins(loaded.config.plugins, loaded.baseDir))
    .filter(({ plugin }) => (plugin.manifest.provides ?? []).includes(storagePoint.id))
  const kernel = createKernel({ config: loaded.config, plugins, baseDir: loaded.baseDir })
  await kernel.start()
  try {
    // --tenant (withConfigOptions) sets the configuration's tenant, whose ledger and usage are read.
    await work(kernel.resolve(storagePoint), loaded.config.tenant, adapters)
  } finally {
    await kernel.stop()
  }
}

function formatStatus(status: AdapterStatus[]): string {
  if (status.length === 0) return 'The configuration installs no sandboxed adapter.\n'
  return status.map((s) => {
    const since = s.lastTransition === undefined ? 'no transition recorded'
      : `since ${s.lastTransition.at} (${s.lastTransition.reason}${s.lastTransition.pid === undefined ? '' : `; host ${s.lastTransition.host} pid ${s.lastTransition.pid}`})`
    const budget = s.cpuMsPerDay === undefined ? '' : ` of ${s.cpuMsPerDay}`
    return `${s.adapter}  breaker ${s.breaker}, ${since}\n` +
      `  today (${s.today.day} UTC, as stored): calls ${s.today.calls}, cpu ${s.today.cpuMs.toFixed(1)}${budget} ms${codes(', failed', s.today.failures)}${codes(', refused', s.today.refused)}\n`
  }).join('')
}

function codes(label: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts)
  return entries.length === 0 ? '' : `${label} ${entries.map(([code, n]) => `${code}×${n}`).join(' ')}`
}
