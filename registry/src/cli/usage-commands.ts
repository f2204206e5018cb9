import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { Statement } from '../usage/statement.js'
import type { UsageImport } from '../usage/usage-store.js'
import { maxUsageRowsPerImport } from '../usage/usage-store.js'
import { registryRequest, type RegistryClientFlags } from './http-client.js'

function withClient(command: Command): Command {
  return command
    .option('--registry <url>', 'the registry\'s URL', 'http://127.0.0.1:4873')
    .option('--token <token>', 'a token: a usage or admin one to import, a publish or admin one for statements')
}

/** The usage.v1 records in a file: a JSON array (what "aether sandbox usage --records" prints), or JSON lines. */
async function readUsageFile(file: string): Promise<unknown[]> {
  const text = (await readFile(file, 'utf8')).trim()
  if (text === '') return []
  try {
    const value = JSON.parse(text) as unknown
    if (Array.isArray(value)) return value
    if (value !== null && typeof value === 'object' && Array.isArray((value as { records?: unknown }).records)) return (value as { records: unknown[] }).records
    return [value]
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').map((line, index) => {
      try {
        return JSON.parse(line) as unknown
      } catch (error) {
        throw new Error(`${file} is neither a JSON array nor JSON lines: line ${index + 1} does not parse (${(error as Error).message}).`, { cause: error })
      }
    })
  }
}

/**
 * `aether registry usage import <file>` and `aether registry statement`: clients of a running
 * registry's usage API, for an operator reporting adapter usage and a publisher (or the
 * registry operator) reading a monthly statement.
 */
export function addUsageCommands(registry: Command): void {
  const usage = registry.command('usage').description('adapter usage reported to the registry, for the revenue-share statements')
  withClient(usage.command('import'))
    .description('send the usage.v1 records of a file (from "aether sandbox usage <config> --records") to the registry; records already imported are skipped')
    .argument('<file>', 'a JSON array or JSON lines of usage.v1 records')
    .action(async (file: string, flags: RegistryClientFlags) => {
      const records = await readUsageFile(file)
      const total: UsageImport = { received: 0, inserted: 0, duplicates: 0, unknownAdapters: [] }
      for (let start = 0; start < records.length || start === 0; start += maxUsageRowsPerImport) {
        const part = records.slice(start, start + maxUsageRowsPerImport)
        const response = await registryRequest(flags, '/-/aether/usage', { method: 'POST', body: { records: part } })
        const done = await response.json() as UsageImport
        total.received += done.received
        total.inserted += done.inserted
        total.duplicates += done.duplicates
        total.unknownAdapters = [...new Set([...total.unknownAdapters, ...done.unknownAdapters])].sort()
        if (records.length === 0) break
      }
      process.stdout.write(`imported ${total.inserted} usage records from ${file} (${total.duplicates} were already imported)\n`)
      if (total.unknownAdapters.length > 0) {
        process.stdout.write(`no package of this registry holds the adapters ${total.unknownAdapters.join(', ')}: their usage earns no publisher anything\n`)
      }
    })

  withClient(registry.command('statement'))
    .description('a publisher\'s revenue-share statement for a month, computed from the imported usage (a publish token reads its own, an admin token any)')
    .requiredOption('--month <month>', 'the month, YYYY-MM (UTC days)')
    .option('--publisher <label>', 'the publisher (a token label); the token\'s own by default')
    .option('--csv', 'print CSV instead of a table')
    .option('--json', 'print the statement as JSON')
    .action(async (flags: RegistryClientFlags & { month: string; publisher?: string; csv?: boolean; json?: boolean }) => {
      const query = new URLSearchParams({ ...(flags.publisher === undefined ? {} : { publisher: flags.publisher }), ...(flags.csv === true ? { format: 'csv' } : {}) })
      const response = await registryRequest(flags, `/-/aether/statements/${encodeURIComponent(flags.month)}?${query.toString()}`)
      if (flags.csv === true) return void process.stdout.write(await response.text())
      const statement = await response.json() as Statement
      if (flags.json === true) return void process.stdout.write(`${JSON.stringify(statement, null, 2)}\n`)
      process.stdout.write(formatStatement(statement))
    })
}

function formatStatement(s: Statement): string {
  const head = `Statement of ${s.publisher} for ${s.month}: ${s.terms.pricePer1000Records} ${s.terms.currency} per 1,000 records out, publisher's share ${s.terms.publisherShare}\n`
  if (s.lines.length === 0) return `${head}No usage of this publisher's adapters is recorded for ${s.month}.\n`
  const lines = s.lines.map((l) => `  ${l.package}@${l.version}  tenant ${l.tenant}  calls ${l.calls}  records out ${l.recordsOut}  gross ${l.gross}  publisher ${l.publisherShare}\n`)
  return `${head}${lines.join('')}  total  calls ${s.totals.calls}  records out ${s.totals.recordsOut}  gross ${s.totals.gross} ${s.terms.currency}  publisher ${s.totals.publisherShare} ${s.terms.currency}  operator ${s.totals.operatorShare} ${s.terms.currency}\n`
}
