import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { kernelVersion } from '@aether/core'
import { OperatorMaxima } from '@aether/plugin-sandbox-host'
import { Value } from '@sinclair/typebox/value'
import { type Baseline, compareBaseline, openBaseline } from './baseline/compare-baseline.js'
import { runtimeChecks, checkCatalog } from './checks/all-checks.js'
import type { CheckOutcome } from './checks/check.js'
import { packageCheckIds, packageChecks } from './checks/package-checks.js'
import { ConformanceManifestUnreadable } from './errors.js'
import { harnessVersion } from './harness-version.js'
import type { CheckResult, ConformanceReport } from './report/conformance-report.js'
import { readRecordings } from './recorded/read-recordings.js'
import { harnessClock, HarnessHost, type HarnessSetup } from './run/harness-host.js'
import { openTarget } from './target/open-target.js'

/** Options of a run; all optional. */
export interface ConformanceOptions {
  /** The operator maxima the package is held to (the sandbox host's defaults otherwise). */
  maxima?: Partial<OperatorMaxima>
  /** Skip the checks after the first that fails (the verdict is the same, reached sooner). */
  stopAtFirstFailure?: boolean
  /** An earlier version of the adapter (folder or .tgz) to replay the recorded traffic through and compare. */
  baseline?: string
  /**
   * Whether the harness's calls run with a frozen clock and a seeded Math.random (harnessClock);
   * true unless told. False shows how the adapter fares on the real clock (determinism fails for
   * one that reads it).
   */
  freezeClock?: boolean
  /** Called as each check starts, for a progress display. */
  onProgress?(progress: { done: number; total: number; check: string }): void
}

/**
 * Runs every check against the adapter folder or .tgz at `path`, inside the sandbox host the
 * product uses, and returns the report. Throws an AETHER_E_CONFORMANCE_* error, before judging
 * anything, when the adapter cannot be opened or has no readable manifest.
 */
export async function runConformance(path: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const started = performance.now()
  const maxima = Value.Default(OperatorMaxima, { ...options.maxima }) as OperatorMaxima
  const target = await openTarget(path)
  try {
    const manifest = await readManifest(join(target.folder, 'aether-adapter.json'))
    const frozenClock = options.freezeClock === false ? undefined : harnessClock
    const setup: HarnessSetup = { recordings: await readRecordings(target.folder), frozenClock }
    const results = new Map<string, CheckResult>()
    let baseline: ConformanceReport['baseline']
    const total = checkCatalog.length
    const record = (id: string, outcome: CheckOutcome, ms: number): void => {
      const title = checkCatalog.find((check) => check.id === id)?.title ?? id
      results.set(id, { id, title, ...outcome, timing: { ms: Math.round(ms * 10) / 10 } })
    }

    options.onProgress?.({ done: 0, total, check: 'package' })
    const packageStarted = performance.now()
    const { outcomes, installed } = await packageChecks(target.folder, manifest, maxima)
    const packageMs = (performance.now() - packageStarted) / packageCheckIds.length
    for (const id of packageCheckIds) record(id, outcomes[id], packageMs)

    const hasFailed = () => [...results.values()].some((result) => result.status === 'fail')
    if (installed === undefined) {
      const refused = packageCheckIds.find((id) => outcomes[id].status === 'fail') ?? 'package.manifest'
      for (const check of runtimeChecks) record(check.id, { status: 'skip', evidence: [`the sandbox host refused to install the package (${refused})`] }, 0)
    } else {
      const opened: Baseline | undefined = options.baseline === undefined ? undefined : await openBaseline(options.baseline, installed, maxima, frozenClock)
      const host = new HarnessHost(installed, setup)
      try {
        await host.start()
        for (const [index, check] of runtimeChecks.entries()) {
          if (options.stopAtFirstFailure === true && hasFailed()) {
            record(check.id, { status: 'skip', evidence: ['not run: the run stopped at the first failure (--fail-fast)'] }, 0)
            continue
          }
          options.onProgress?.({ done: packageCheckIds.length + index, total, check: check.id })
          const checkStarted = performance.now()
          const outcome = await check.run({ adapter: installed, kind: installed.manifest.kind, host }).catch((error: unknown): CheckOutcome => ({
            status: 'fail', evidence: [`the check could not finish: ${(error as Error).message}`],
          }))
          record(check.id, outcome, performance.now() - checkStarted)
        }
        if (opened !== undefined) {
          options.onProgress?.({ done: total, total, check: 'baseline' })
          baseline = await compareBaseline(host, opened)
        }
      } finally {
        await host.stop()
        await opened?.target.close()
      }
    }
    options.onProgress?.({ done: total, total, check: 'done' })

    const checks = checkCatalog.map(({ id }) => results.get(id) as CheckResult)
    const count = (status: string) => checks.filter((check) => check.status === status).length
    return {
      schema: 'aether.conformance-report.v1',
      adapter: {
        name: stringOrNull(manifest.name), version: stringOrNull(manifest.version), kind: stringOrNull(manifest.kind),
        artifact: target.artifact,
        sha512: target.tarballSha512 ?? await bundleSha512(target.folder, manifest.entry),
      },
      kernelVersion, harnessVersion,
      verdict: count('fail') === 0 ? 'pass' : 'fail',
      summary: { pass: count('pass'), fail: count('fail'), skip: count('skip') },
      checks,
      ...(baseline === undefined ? {} : { baseline }),
      timing: { totalMs: Math.round(performance.now() - started) },
    }
  } finally {
    await target.close()
  }
}

async function readManifest(file: string): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ConformanceManifestUnreadable([file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message], { cause: error })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ConformanceManifestUnreadable([file, `it is not JSON (${(error as Error).message})`], { cause: error })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConformanceManifestUnreadable([file, 'it is not a JSON object'])
  return value as Record<string, unknown>
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

async function bundleSha512(folder: string, entry: unknown): Promise<string | null> {
  if (typeof entry !== 'string') return null
  const bundle = await readFile(join(folder, entry)).catch(() => undefined)
  return bundle === undefined ? null : createHash('sha512').update(bundle).digest('hex')
}
