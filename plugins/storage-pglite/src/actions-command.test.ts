import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { readFile, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import { SqlActionLedger, readEffects, type LedgerAction } from '@aether/storage-sql'
import { actionRequest } from '@aether/storage-sql/testing'
import { openPgliteStorage } from './open-pglite-storage.js'

const temporaryDirectory = temporaryDirectories()
const aetherBin = fileURLToPath(new URL('../../../core/dist/cli/main.js', import.meta.url))
const actions = [actionRequest(1), actionRequest(2, 'drain'), actionRequest(3)]

interface Delivery { action: string; headerToken: number; bodyToken: number }

/**
 * A webhook receiver as docs/policy.md asks for: per action it keeps the highest fencing token
 * seen, refuses a lower one (409), and answers already-done to an action it carried out. The
 * effects it applied are the world the test counts. `holdAnswerTo` leaves one action's POST
 * unanswered (after applying it) and reports it, so the test can kill the worker right there.
 */
async function startReceiver(holdAnswerTo?: string): Promise<{ server: Server; url: string; deliveries: Delivery[]; effects: string[]; held: Promise<void> }> {
  const highest = new Map<string, number>()
  const deliveries: Delivery[] = []
  const effects: string[] = []
  let reportHeld = (): void => {}
  const held = new Promise<void>((resolve) => { reportHeld = resolve })
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => { body += chunk.toString() })
    request.on('end', () => {
      const action = JSON.parse(body) as { id: string; token: number }
      const token = Number(request.headers['aether-fencing-token'])
      deliveries.push({ action: action.id, headerToken: token, bodyToken: action.token })
      const seen = highest.get(action.id)
      const answer = (status: number, json: object): void => { response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json)) }
      if (seen !== undefined && token < seen) return answer(409, { highestToken: seen })
      highest.set(action.id, token)
      if (seen !== undefined) return answer(200, { outcome: 'already-done' })
      effects.push(action.id)
      if (action.id === holdAnswerTo) return reportHeld()
      answer(200, { outcome: 'executed' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/actions`, deliveries, effects, held }
}

function aether(args: string[], cwd: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [aetherBin, ...args], { cwd })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, done }
}

/** A pipeline folder whose PGlite storage holds the three actions, pending, for each tenant. */
async function pipelineWithActions(tenants: string[]): Promise<string> {
  const dir = await temporaryDirectory('aether-actions-')
  const storage = await openPgliteStorage(join(dir, 'pglite'))
  for (const tenant of tenants) await new SqlActionLedger(storage.executor).enqueue(tenant, actions)
  await storage.close()
  await writeFile(join(dir, 'pipeline.json'), JSON.stringify({
    tenant: 'demo', plugins: [{ use: '@aether/plugin-storage-pglite', config: { dataDir: 'pglite' } }],
  }))
  return dir
}

async function listed(dir: string, tenant: string): Promise<LedgerAction[]> {
  const { code, stdout, stderr } = await aether(['actions', 'list', 'pipeline.json', '--tenant', tenant, '--json'], dir).done
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  return JSON.parse(stdout) as LedgerAction[]
}

const servers: Server[] = []
afterEach(() => { for (const server of servers.splice(0)) server.close() })

describe('aether actions run and list (PGlite, real CLI processes)', () => {
  // One PGlite folder, a tenant per test: each start of PGlite is most of a command's time.
  let dir: string
  beforeAll(async () => { dir = await pipelineWithActions(['webhook', 'crash', 'file', 'unanswered']) }, 60_000)
  it('POSTs each pending action once to the webhook with its fencing token in a header, and lists them done', async () => {
    const receiver = await startReceiver()
    servers.push(receiver.server)

    const run = await aether(['actions', 'run', 'pipeline.json', '--tenant', 'webhook', '--once', '--executor', 'webhook', '--url', receiver.url, '--json'], dir).done
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
    expect(receiver.effects.sort()).toEqual(actions.map((action) => action.id).sort())
    expect(receiver.deliveries.every((delivery) => delivery.headerToken === delivery.bodyToken && delivery.headerToken > 0)).toBe(true)
    const ledger = await listed(dir, 'webhook')
    expect(ledger.map((action) => [action.state, action.outcome, action.attempts])).toEqual(actions.map(() => ['done', 'executed', 1]))
    // The ledger's token of each action is the one the receiver saw.
    expect(ledger.map((action) => action.token)).toEqual(actions.map((action) =>
      receiver.deliveries.find((delivery) => delivery.action === action.id)?.headerToken))
  }, 60_000)

  it('a worker killed (SIGKILL) after the webhook executed an action, before acknowledging: the next worker finishes without executing twice', async () => {
    const killedAt = actions[1]?.id as string
    const receiver = await startReceiver(killedAt)
    servers.push(receiver.server)
    const args = ['actions', 'run', 'pipeline.json', '--tenant', 'crash', '--once', '--executor', 'webhook', '--url', receiver.url, '--lease-ms', '1000', '--poll-ms', '50']

    const doomed = aether([...args, '--owner', 'doomed'], dir)
    await receiver.held
    doomed.child.kill('SIGKILL')
    expect((await doomed.done).signal).toBe('SIGKILL')
    expect(receiver.effects).toEqual([actions[0]?.id, killedAt])

    const next = await aether([...args, '--owner', 'next'], dir).done
    expect({ code: next.code, stderr: next.stderr }).toEqual({ code: 0, stderr: '' })
    expect(receiver.effects.sort()).toEqual(actions.map((action) => action.id).sort())
    const retried = receiver.deliveries.filter((delivery) => delivery.action === killedAt)
    expect(retried).toHaveLength(2)
    expect((retried[1]?.headerToken ?? 0) > (retried[0]?.headerToken ?? 0)).toBe(true)
    const ledger = await listed(dir, 'crash')
    expect(ledger.map((action) => [action.state, action.outcome, action.attempts])).toEqual([
      ['done', 'executed', 1], ['done', 'already-done', 2], ['done', 'executed', 1],
    ])
  }, 60_000)

  it('executes through the fenced file executor, and refuses a webhook executor without a URL', async () => {
    const refused = await aether(['actions', 'run', 'pipeline.json', '--once', '--executor', 'webhook'], dir).done
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('AETHER_E_STORAGE_EXECUTOR_UNCONFIGURED')

    const run = await aether(['actions', 'run', 'pipeline.json', '--tenant', 'file', '--once', '--executor', 'file', '--effects', 'effects.jsonl'], dir).done
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
    expect(run.stdout.trim().split('\n')).toHaveLength(3)
    const effects = await readEffects(join(dir, 'effects.jsonl'))
    expect(effects.map((effect) => effect.action)).toEqual(actions.map((action) => action.id))
    expect(await readFile(join(dir, 'effects.jsonl'), 'utf8')).not.toBe('')
  }, 60_000)

  it('with --once, stops with a coded error when the webhook does not answer; the action stays claimed for a retry', async () => {
    const receiver = await startReceiver()
    const url = receiver.url
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()))
    const run = await aether(['actions', 'run', 'pipeline.json', '--tenant', 'unanswered', '--once', '--executor', 'webhook', '--url', url, '--lease-ms', '100'], dir).done
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('AETHER_E_STORAGE_WEBHOOK_FAILED')
    expect((await listed(dir, 'unanswered')).map((action) => action.state)).toEqual(['claimed', 'pending', 'pending'])
  }, 60_000)
})
