import { resolve } from 'node:path'
import type { Command } from 'commander'
import { isAetherError } from '@aether/plugin-api'
import { isTarballPath } from '@aether/plugin-sandbox-host'
import { adapterKindNames } from './adapter-kinds.js'
import { buildAdapter } from './build-adapter.js'
import { inputRecords, sampleInputs } from './sample-records.js'
import { scaffoldAdapter } from './scaffold-adapter.js'
import { tryAdapter, type AdapterTrial } from './try-adapter.js'
import { readAdapterKind } from './read-adapter-kind.js'

interface TestOptions { input?: string; tenant: string; grant: string[]; json?: boolean }

/**
 * `aether adapter init|build|test`: from nothing to an adapter that passed one call in the real
 * sandbox. `test` exits 0 when the call succeeded, 1 when the adapter failed (with its code), 2
 * when the adapter could not be loaded at all (with what to fix).
 */
export function addAdapterCommands(program: Command): void {
  const adapter = program.command('adapter').description('write, build and try third-party adapters (docs/adapter-guide.md)')

  adapter.command('init')
    .description('scaffold a new adapter in ./<name>: package.json, src/index.ts, a test, a README')
    .argument('<kind>', `what it implements: ${adapterKindNames.join(', ')}`)
    .argument('<name>', 'its name, which pipelines use (lowercase letters, digits, ".", "_", "-")')
    .action(async (kind: string, name: string) => {
      const { folder, files } = await scaffoldAdapter(kind, name, process.cwd())
      process.stdout.write(`Created ${folder}: ${files.join(', ')}\nNext: cd ${name} && aether adapter build && aether adapter test .\n`)
    })

  adapter.command('build')
    .description('bundle src/ with esbuild into dist/adapter.js and write aether-adapter.json with its sha512')
    .argument('[dir]', 'the adapter folder', '.')
    .action(async (dir: string) => {
      const built = await buildAdapter(resolve(dir))
      process.stdout.write(`Built ${built.manifest.kind} ${built.manifest.name}@${built.manifest.version}: ${built.bundleFile} ` +
        `(${built.bundleBytes} bytes, sha512 ${built.manifest.sha512.slice(0, 16)}…), manifest ${built.manifestFile}\n`)
    })

  adapter.command('test')
    .description('run the adapter once in the real sandbox and print the outcome, output records, logs and time')
    .argument('<path>', 'the built adapter folder, or the .tgz `npm pack` made of it')
    .option('--input <file>', 'a JSON array of input records (default: real sample records for the kind)')
    .option('--tenant <tenant>', 'the tenant of the call', 'demo')
    .option('--grant <capability>', 'grant a capability the manifest requests, as an operator does: fetch=<host>[:<port>] or kv (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--json', 'print the outcome as one JSON document')
    .action(async (given: string, options: TestOptions) => {
      const path = resolve(given)
      let trial: AdapterTrial
      try {
        const kind = await readAdapterKind(path)
        const inputs = options.input === undefined ? await sampleInputs(kind, options.tenant) : await inputRecords(resolve(options.input), kind)
        trial = await tryAdapter(path, inputs, options.tenant, options.grant)
      } catch (error) {
        if (!isAetherError(error)) throw error
        process.stderr.write(`could not load the adapter in ${path}: error ${error.code}: ${error.message}\n`)
        if (rebuildFixes.has(error.code)) {
          process.stderr.write(isTarballPath(given)
            ? '  If this is your adapter, rebuild its folder (aether adapter build) and run npm pack there again\n'
            : `  If this is your adapter, rebuild it: aether adapter build ${given}\n`)
        }
        if (options.json === true) process.stdout.write(`${JSON.stringify({ outcome: 'not-loaded', code: error.code, message: error.message })}\n`)
        process.exitCode = 2
        return
      }
      process.stdout.write(options.json === true ? `${JSON.stringify({ ...trial, tenant: options.tenant })}\n` : describeTrial(trial))
      process.exitCode = trial.outcome === 'ok' ? 0 : 1
    })
}

// Install refusals that a fresh `adapter build` fixes when the folder is the author's own.
const rebuildFixes = new Set(['AETHER_E_SANDBOX_ADAPTER_UNREADABLE', 'AETHER_E_SANDBOX_MANIFEST_INVALID', 'AETHER_E_SANDBOX_BUNDLE_MISMATCH'])

function describeTrial(trial: AdapterTrial): string {
  const head = trial.outcome === 'ok'
    ? `ok ${trial.name} (${trial.kind}): ${trial.records.length} records in ${trial.timeMs} ms`
    : `${trial.outcome} ${trial.name} (${trial.kind}) after ${trial.timeMs} ms: ${trial.reason ?? ''}`
  const indent = (lines: unknown[]) => lines.map((line) => `  ${typeof line === 'string' ? line : JSON.stringify(line)}`)
  return [
    head,
    ...(trial.ungranted.length > 0 ? [`not granted, so absent from ctx: ${trial.ungranted.join(', ')} (grant with --grant)`] : []),
    `records (${trial.records.length}):`, ...indent(trial.records),
    ...('cursor' in trial ? [`cursor: ${JSON.stringify(trial.cursor)}`] : []),
    ...(trial.warnings.length > 0 ? [`warnings (${trial.warnings.length}):`, ...indent(trial.warnings)] : []),
    `logs (${trial.logs.length}):`, ...indent(trial.logs), '',
  ].join('\n')
}
