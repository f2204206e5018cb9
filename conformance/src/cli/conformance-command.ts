import { isAetherError } from '@aether/plugin-api'
import type { Command } from 'commander'
import { runConformance } from '../run-conformance.js'
import type { ConformanceReport } from '../report/conformance-report.js'
import { writeReport } from '../report/write-report.js'
import { checkProgress } from './check-progress.js'

/** Exit codes of `aether conformance run`. */
export const conformanceExit = { pass: 0, fail: 1, couldNotRun: 2 } as const

/** Refusals that mean the run could not start (rather than that the adapter failed). */
const couldNotRun = /^AETHER_E_(CONFORMANCE_|SANDBOX_HOST_UNAVAILABLE)/

/**
 * `aether conformance run <adapter dir | .tgz> [--json] [--report <dir>]`: runs every check and
 * exits 0 when the adapter passes, 1 when a check fails, 2 when it could not run (with why).
 */
export function addConformanceCommand(program: Command): void {
  const conformance = program.command('conformance').description('judge a third-party adapter before it is published or installed')
  conformance.command('run')
    .description('run every conformance check against an adapter folder or .tgz, inside the sandbox host')
    .argument('<adapter>', 'adapter folder (package.json, aether-adapter.json, bundle) or its npm pack .tgz')
    .option('--json', 'print the JSON report on stdout instead of the summary')
    .option('--report <dir>', 'write report.json, report.md and report.html into this folder')
    .option('--fail-fast', 'skip the checks after the first that fails')
    .option('--baseline <adapter>', 'an earlier version (folder or .tgz): replay the recorded traffic through both and list what changed')
    .action(async (adapter: string, options: { json?: boolean; report?: string; failFast?: boolean; baseline?: string }) => {
      const progress = checkProgress(process.stderr.isTTY === true && options.json !== true)
      let report: ConformanceReport
      try {
        report = await runConformance(adapter, { stopAtFirstFailure: options.failFast === true, ...(options.baseline === undefined ? {} : { baseline: options.baseline }), onProgress: (state) => progress.update(state) })
      } catch (error) {
        progress.finish()
        if (!isAetherError(error) || !couldNotRun.test(error.code)) throw error
        process.stderr.write(`could not run: ${error.code}: ${error.message}\n`)
        process.exitCode = conformanceExit.couldNotRun
        return
      }
      progress.finish()
      if (options.report !== undefined) {
        const files = await writeReport(report, options.report)
        process.stderr.write(`report written: ${files.join(', ')}\n`)
      }
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : summary(report))
      process.exitCode = report.verdict === 'pass' ? conformanceExit.pass : conformanceExit.fail
    })
}

function summary(report: ConformanceReport): string {
  const width = Math.max(...report.checks.map((check) => check.id.length))
  const lines = report.checks.map((check) => `  ${check.status.padEnd(4)}  ${check.id.padEnd(width)}  ${check.evidence[0] ?? ''}`)
  const { name, version } = report.adapter
  const changes = report.baseline === undefined ? [] : baselineLines(report.baseline)
  return [
    `${name ?? '(unnamed)'} ${version ?? ''}: ${report.verdict} (${report.summary.pass} passed, ${report.summary.fail} failed, ${report.summary.skip} skipped, ${report.timing.totalMs} ms)`,
    ...lines, ...changes, '',
  ].join('\n')
}

function baselineLines(baseline: NonNullable<ConformanceReport['baseline']>): string[] {
  const { changes } = baseline
  const kinds = ['changedIds', 'changedRouting', 'addedFields', 'removedFields', 'changedValues'] as const
  return [
    `against baseline ${baseline.name ?? '(unnamed)'} ${baseline.version ?? ''} on ${changes.inputs} recorded inputs: error rate ${changes.errorRate.baseline} → ${changes.errorRate.candidate}`,
    ...kinds.flatMap((kind) => changes[kind].count === 0 ? [] : [`  ${kind}: ${changes[kind].count}`, ...changes[kind].examples.map((example) => `    ${example}`)]),
  ]
}
