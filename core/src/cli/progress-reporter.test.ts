import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { emptyCounts } from '../pipeline/stage-runtime.js'
import { createProgressReporter } from './progress-reporter.js'

describe('the progress reporter off a terminal', () => {
  it('writes structured progress lines at most once per interval', () => {
    const lines: string[] = []
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done() } })
    const reporter = createProgressReporter({ isInteractive: false, logger: createLogger({ level: 'info', destination }), logEveryMs: 60_000 })
    const counts = { ...emptyCounts(), recordsIn: 2000, valid: 1990, invalid: 10 }
    reporter.update({ counts, expected: 5000, backlog: 3, elapsedMs: 1000 })
    reporter.update({ counts, expected: 5000, backlog: 1, elapsedMs: 1100 })
    reporter.finish()
    expect(lines).toHaveLength(1)
    const line = JSON.parse(lines[0] as string)
    expect(line).toMatchObject({ msg: 'run progress', progress: { recordsIn: 2000, invalid: 10, expected: 5000, backlog: 3, ratePerSecond: 2000 } })
  })
})
