import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import type { AetherRecord } from '@aether/plugin-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultJournalOptions, ForecastJournal, type JournalOptions } from './forecast-journal.js'
import { ForecastOutbox } from './forecast-outbox.js'

const logger = createLogger({ level: 'silent' })
// About the size of the agent's forecast.v1 records, features included.
const forecast = (n: number): AetherRecord => ({
  id: `f${n}`, tenant: 'demo', contract: 'forecast.v1', probability: n / 1000, features: { 'gate:passed': 1, availability: 0.98, price: 0.9 },
})
const ids = (records: readonly AetherRecord[]): string[] => records.map((record) => record.id)

describe('the outbox journal on local disk', () => {
  let dir: string
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'aether-outbox-')) })
  afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

  // An agent's outbox as it starts: the journal replayed into it. `close` leaves the file as a
  // kill would (every line is written at once; close only fsyncs and releases the lock).
  function start(limit = 100, options: Partial<JournalOptions> = {}): { outbox: ForecastOutbox; journal: ForecastJournal; replayed: number; skipped: string[] } {
    const { journal, state, skipped } = ForecastJournal.open(dir, { ...defaultJournalOptions, ...options }, logger)
    return { outbox: new ForecastOutbox(limit, journal, state), journal, replayed: state.pending.length, skipped: skipped.map((line) => line.reason) }
  }
  const journalText = (): string => readFileSync(join(dir, 'forecasts.jsonl'), 'utf8')
  function restarted(limit = 100): { replayed: number; dropped: number } {
    const { outbox, journal, replayed } = start(limit)
    journal.close()
    return { replayed, dropped: outbox.dropped }
  }

  it('gives a restarted agent every forecast not acknowledged, oldest first, and none that was', () => {
    const before = start()
    for (let n = 1; n <= 5; n++) before.outbox.add(forecast(n))
    expect(ids(before.outbox.take(2))).toEqual(['f1', 'f2'])
    before.outbox.acknowledge()
    before.journal.close()

    const after = start()
    expect(after.replayed).toBe(3)
    expect(after.outbox.take(50)).toEqual([forecast(3), forecast(4), forecast(5)])
    after.journal.close()
  })

  it('sends the batch under way at the crash again with the same forecasts, not with those added since', () => {
    const before = start()
    for (let n = 1; n <= 5; n++) before.outbox.add(forecast(n))
    before.outbox.take(3)
    before.journal.close()

    const after = start()
    after.outbox.add(forecast(6))
    expect(ids(after.outbox.take(50))).toEqual(['f1', 'f2', 'f3'])
    after.outbox.acknowledge()
    expect(ids(after.outbox.take(50))).toEqual(['f4', 'f5', 'f6'])
    after.journal.close()
  })

  it('skips a torn last line (a write cut off by a crash) with its reason, and appends cleanly after it', () => {
    const before = start()
    for (let n = 1; n <= 2; n++) before.outbox.add(forecast(n))
    before.journal.close()
    appendFileSync(join(dir, 'forecasts.jsonl'), JSON.stringify({ op: 'add', forecast: forecast(3) }).slice(0, 30))

    const torn = start()
    expect(torn.skipped).toEqual([expect.stringMatching(/^the last line is not whole \(30 bytes without a newline\)/)])
    expect(torn.replayed).toBe(2)
    torn.outbox.add(forecast(4))
    torn.journal.close()

    const after = start()
    expect(after.skipped).toEqual([])
    expect(ids(after.outbox.take(50))).toEqual(['f1', 'f2', 'f4'])
    after.journal.close()
  })

  it('skips a garbled line with its reason and keeps the lines after it', () => {
    const before = start()
    before.outbox.add(forecast(1))
    before.journal.close()
    appendFileSync(join(dir, 'forecasts.jsonl'), `{"op":"add","forecast":{"tenant":"demo"}}\nnot json\n${JSON.stringify({ op: 'add', forecast: forecast(2) })}\n`)

    const after = start()
    expect(after.skipped).toEqual(['an add line without a forecast that has an id', expect.stringMatching(/^not JSON/)])
    expect(ids(after.outbox.take(50))).toEqual(['f1', 'f2'])
    after.journal.close()
  })

  it('keeps the bound across a restart: the oldest are dropped, and the count of dropped forecasts survives', () => {
    const before = start(3)
    for (let n = 1; n <= 5; n++) before.outbox.add(forecast(n))
    expect(before.outbox.dropped).toBe(2)
    before.journal.close()

    const after = start(3)
    expect(after.outbox.dropped).toBe(2)
    expect(ids(after.outbox.take(50))).toEqual(['f3', 'f4', 'f5'])
    after.journal.close()
  })

  it('drops (and counts) the oldest waiting forecasts when restarted with a smaller bound, never the batch under way', () => {
    const before = start(10)
    for (let n = 1; n <= 6; n++) before.outbox.add(forecast(n))
    before.outbox.take(2)
    before.journal.close()

    const smaller = start(1)
    expect(smaller.outbox.dropped).toBe(3)
    expect(ids(smaller.outbox.take(50))).toEqual(['f1', 'f2'])
    smaller.outbox.acknowledge()
    expect(ids(smaller.outbox.take(50))).toEqual(['f6'])
    smaller.journal.close()
    expect(restarted(1).dropped).toBe(3)
  })

  it('compacts to a single line once everything is acknowledged and the file has grown', () => {
    const agent = start(100, { emptyCompactBytes: 4096 })
    let largest = 0
    for (let n = 1; n <= 200; n++) {
      agent.outbox.add(forecast(n))
      agent.outbox.take(50)
      agent.outbox.acknowledge()
      largest = Math.max(largest, statSync(join(dir, 'forecasts.jsonl')).size)
    }
    agent.journal.close()
    expect(largest).toBeLessThan(4096 + 512)
    expect(journalText().split('\n').filter((line) => line !== '').length).toBeLessThan(200)
    expect(restarted().replayed).toBe(0)
  })

  it('compacts a journal past its size to what is still pending', () => {
    const agent = start(1000, { compactBytes: 16 * 1024 })
    let largest = 0
    for (let n = 1; n <= 400; n++) {
      agent.outbox.add(forecast(n))
      // Three forecasts in four are acknowledged: a quarter of all stays pending.
      if (n % 4 !== 0) {
        agent.outbox.take(1)
        agent.outbox.acknowledge()
      }
      largest = Math.max(largest, statSync(join(dir, 'forecasts.jsonl')).size)
    }
    agent.journal.close()
    // What the 100 pending forecasts take as journal lines: the file never grows past twice that (or compactBytes).
    const pendingBytes = Array.from({ length: 100 }, (_, index) => `${JSON.stringify({ op: 'add', forecast: forecast(301 + index) })}\n`.length).reduce((sum, bytes) => sum + bytes, 0)
    expect(largest).toBeLessThan(Math.max(16 * 1024, 2 * pendingBytes) + 512)
    const after = start(1000)
    expect(after.replayed).toBe(100)
    expect(ids(after.outbox.take(3))).toEqual(['f301', 'f302', 'f303'])
    after.journal.close()
  })

  it('refuses a second agent on the same directory while the first holds it', () => {
    const first = start()
    expect(() => start()).toThrow(expect.objectContaining({ code: 'AETHER_E_AGENT_OUTBOX_LOCKED' }))
    first.journal.close()
    start().journal.close()
  })

  it('takes over the lock of an agent that was killed', () => {
    // A pid that was just in use and is gone: a child that has exited.
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    writeFileSync(join(dir, 'lock'), `${gone}\n`)
    const agent = start()
    agent.outbox.add(forecast(1))
    agent.journal.close()
    expect(restarted().replayed).toBe(1)
  })
})
