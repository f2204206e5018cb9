import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import { readEffects } from '../src/actions/fenced-file-executor.js'
import type { LedgerAction } from '../src/actions/action-ledger.js'
import { actionRequest } from './action-ledger-suite.js'

const child = fileURLToPath(new URL('./action-worker-child.mjs', import.meta.url))
const temporaryDirectory = temporaryDirectories()
const leaseMs = 1_000
const actions = [actionRequest(1), actionRequest(2, 'drain'), actionRequest(3)]

/** Where a drill's worker processes find the storage: a PGlite folder or a PostgreSQL URL. */
export interface DrillStorage {
  backend: 'pglite' | 'postgres'
  location: string
}

interface Run { code: number | null; signal: NodeJS.Signals | null; lines: string[] }

/** Runs a worker process; with `stopAt`, kills it with SIGKILL once it reports that step. */
function runWorker(storage: DrillStorage, tenant: string, effectsFile: string, owner: string, stopAt?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const argument = JSON.stringify({ ...storage, tenant, actions, effectsFile, stopAt, leaseMs, owner })
    const worker = spawn(process.execPath, [child, argument], { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines: string[] = []
    let buffered = ''
    worker.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const complete = buffered.split('\n')
      buffered = complete.pop() ?? ''
      lines.push(...complete)
      if (stopAt !== undefined && complete.includes(`at ${stopAt}`)) worker.kill('SIGKILL')
    })
    worker.on('error', reject)
    worker.on('close', (code, signal) => resolve({ code, signal, lines }))
  })
}

/**
 * Crash drills: a real worker process is killed (SIGKILL) at each step between deciding and
 * acknowledging, a second process takes over, and every action's effect happens exactly once.
 */
export function describeActionCrashes(backend: string, prepare: () => Promise<DrillStorage>): void {
  describe(`actions at most once on ${backend}, a worker process killed`, () => {
    // One database for the drills, a tenant each: opening a database (PGlite's above all) is most of a drill's time.
    let storage: DrillStorage
    beforeAll(async () => { storage = await prepare() })
    const described: Record<string, string> = {
      enqueued: 'deciding (actions enqueued)', claimed: 'claiming', 'lease-checked': 'checking its lease, before executing',
      executed: 'executing, before acknowledging',
    }
    for (const step of ['enqueued', 'claimed', 'lease-checked', 'executed']) {
      it(`after ${described[step]}: each action takes effect once`, async () => {
        const tenant = `drill-${step}`
        const effectsFile = join(await temporaryDirectory('aether-drill-'), 'effects.jsonl')
        const killed = await runWorker(storage, tenant, effectsFile, 'doomed', step)
        expect([killed.signal, killed.lines]).toEqual(['SIGKILL', [`at ${step}`]])
        const before = await readEffects(effectsFile)
        expect(before).toHaveLength(step === 'executed' ? 1 : 0)

        const next = await runWorker(storage, tenant, effectsFile, 'next')
        expect(next.code).toBe(0)
        const ledger = (JSON.parse(next.lines.at(-1) as string) as { done: LedgerAction[] }).done
        const effects = await readEffects(effectsFile)
        expect(effects.map((effect) => effect.action).sort()).toEqual(actions.map((action) => action.id).sort())
        expect(ledger.map((action) => action.state)).toEqual(['done', 'done', 'done'])
        const first = ledger.find((action) => action.id === actions[0]?.id)
        if (step === 'enqueued') expect(first).toMatchObject({ attempts: 1, outcome: 'executed' })
        if (step === 'claimed' || step === 'lease-checked') expect(first).toMatchObject({ attempts: 2, outcome: 'executed' })
        if (step === 'executed') {
          // Executed by the killed worker; the next one's claim (a larger token) found it done.
          expect(first).toMatchObject({ attempts: 2, outcome: 'already-done' })
          expect(effects[0]).toEqual(before[0])
          expect((first?.token ?? 0) > (before[0]?.token ?? 0)).toBe(true)
        }
      }, 120_000)
    }
  })
}
