import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebhookExecutor } from './webhook-executor.js'
import type { ClaimedAction } from './action.js'

const action: ClaimedAction = {
  id: 'a'.repeat(32), workload: 'checkout', kind: 'migrate', token: 7, attempts: 1, owner: 'w',
  decision: { region: 'us-east1', pool: 'c3-highcpu-88', riskAllocation: 0.5, forecastId: 'f'.repeat(32), policy: 'rules@1' },
}

let server: Server | undefined
afterEach(() => { server?.close() })

/** A receiver answering every POST with one status and body; returns its URL. */
async function receiverAnswering(status: number, body: object): Promise<string> {
  server = createServer((request, response) => {
    request.resume()
    request.on('end', () => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)))
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

describe('WebhookExecutor', () => {
  it('reads the receiver\'s answer: executed, already-done, or a refused stale token', async () => {
    expect(await new WebhookExecutor(await receiverAnswering(200, { outcome: 'executed' }), 5_000).execute(action)).toBe('executed')
    server?.close()
    expect(await new WebhookExecutor(await receiverAnswering(200, { outcome: 'already-done' }), 5_000).execute(action)).toBe('already-done')
    server?.close()
    await expect(new WebhookExecutor(await receiverAnswering(409, { highestToken: 9 }), 5_000).execute(action))
      .rejects.toMatchObject({ code: 'AETHER_E_STORAGE_FENCING_STALE', message: expect.stringContaining('token 9 was already seen') })
  })

  it('fails with a coded error when the receiver errs or is not there', async () => {
    const url = await receiverAnswering(503, {})
    await expect(new WebhookExecutor(url, 5_000).execute(action)).rejects.toMatchObject({ code: 'AETHER_E_STORAGE_WEBHOOK_FAILED', message: expect.stringContaining('HTTP 503') })
    server?.close()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await expect(new WebhookExecutor(url, 5_000).execute(action)).rejects.toMatchObject({ code: 'AETHER_E_STORAGE_WEBHOOK_FAILED', message: expect.stringContaining('no answer') })
  })
})
