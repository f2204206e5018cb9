import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BacktestDataMissing } from '../../src/errors.js'
import { writeReport } from '../../src/backtest/report-files.js'
import { runBacktest } from '../../src/backtest/run-backtest.js'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const vendored = join(root, 'training/forecaster/data/spot-traces')
const run = promisify(execFile)

// A subset of the vendored folder, laid out the same way: the backtest reads any subset.
const subset = ['preemption/1-node/aws-04-22-2023/us-west-2b_v100_1.json', 'availability/1-node/aws-10-26-2022/us-west-2a_v100_1.json']

describe('backtest', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aether-backtest-'))
    for (const path of subset) await cp(join(vendored, path), join(dir, 'data/spot-traces', path))
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('scores the TSMixer, the heuristic and persistence on the same held-out windows, with intervals', async () => {
    const report = await runBacktest({ data: join(dir, 'data'), resamples: 50 })
    expect(report.traces).toBe(2)
    expect(report.folders).toEqual({ present: ['spot-traces'], used: ['spot-traces'] })
    expect(Object.keys(report.results)).toEqual(['tsmixer@2 (gated)', 'heuristic-baseline@1', 'persistence'])
    expect(report.windows.test).toBeGreaterThan(100)
    for (const scores of Object.values(report.results)) {
      for (const score of [scores.aucPr, scores.brier, scores.decisionCost, scores.onsetAucPr]) {
        expect(score.low).toBeLessThanOrEqual(score.value)
        expect(score.high).toBeGreaterThanOrEqual(score.value)
      }
      expect(scores.calibration.bins.reduce((n, b) => n + b.windows, 0)).toBe(report.windows.test)
      expect(scores.leadTime.warned).toBeLessThanOrEqual(scores.leadTime.losses)
    }
    const files = await writeReport(report, join(dir, 'report'))
    expect((await readdir(join(dir, 'report'))).sort()).toEqual(['calibration.svg', 'report.json', 'report.md', 'scores.svg'])
    expect(await readFile(files[1] as string, 'utf8')).toContain('| tsmixer@2 (gated) |')
    expect(await readFile(join(dir, 'report/calibration.svg'), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<polyline/)
  })

  it('gives the same intervals on a second run: the resampling is seeded', async () => {
    const [a, b] = await Promise.all([runBacktest({ data: join(dir, 'data'), resamples: 20 }), runBacktest({ data: join(dir, 'data'), resamples: 20 })])
    expect(a.results).toEqual(b.results)
  })

  it('refuses a folder without spot traces, naming what it found', async () => {
    await expect(runBacktest({ data: join(dir, 'report') })).rejects.toSatisfy((error) => BacktestDataMissing.is(error))
  })

  it('runs as `aether backtest --json`, the progress on stderr and the report on stdout', async () => {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'core/bin/aether.js'), 'backtest', '--data', join(dir, 'data'), '--json', '--resamples', '20'], { cwd: root })
    expect(JSON.parse(stdout)).toMatchObject({ traces: 2, model: 'tsmixer@2' })
    expect(stderr).toContain('] 4/4 scores')
  })
})
