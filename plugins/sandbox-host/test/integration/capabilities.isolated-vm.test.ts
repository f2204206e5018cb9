import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { capabilityServices } from '../../src/capabilities/capability-services.js'
import { grantedCapabilities } from '../../src/capabilities/grants.js'
import { readAdapter } from '../../src/read-adapter.js'
import { SandboxedAdapter } from '../../src/sandboxed-adapter.js'
import { SandboxedEnricher } from '../../src/sandboxed-enricher.js'
import { SandboxPool } from '../../src/sandbox-pool.js'
import { adapterInstaller, recordingLogger, signal, stageContext, testLimits } from '../install-adapter.js'
import { countingLookup, localServer } from '../local-server.js'

// Real isolates in real sandbox processes, calling ctx.fetch and ctx.kv, which the host (this
// test process) performs. The test server on 127.0.0.1 is reachable only through the operator's
// grant of that one address; every refusal is checked to have reached neither it nor DNS.
const install = adapterInstaller()
const maxima = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024 }
const pool = new SandboxPool(2, recordingLogger())
const server = await localServer()
const lookup = countingLookup()
const services = capabilityServices({
  fetch: { timeoutMs: 2_000, maxResponseBytes: 64 * 1024 }, kv: { maxKeys: 10, maxBytes: 1_000 }, maxRequestChars: 100_000, maxPendingPerCall: 4,
}, { lookup })
const requests = [`fetch:127.0.0.1:${server.port}`, 'fetch:allowed.example', `fetch:localhost:${server.port}`, 'kv']

async function enricher(bundle: string, grants: string[], name = bundle): Promise<SandboxedEnricher> {
  const folder = await install(bundle, { capabilities: requests, limits: testLimits, name })
  const adapter = await readAdapter(folder, maxima)
  const { granted } = grantedCapabilities(adapter.requested, grants, folder)
  return new SandboxedEnricher(new SandboxedAdapter(adapter, pool, { maxLinesPerCall: 10, maxLineChars: 300 }, { granted, services }))
}

beforeAll(() => pool.start())
afterAll(() => pool.stop())

describe('ctx.fetch in a sandboxed adapter', () => {
  it('reaches the test server through the operator\'s grant of its one address', async () => {
    const fetcher = await enricher('fetches-summary', [`fetch=127.0.0.1:${server.port}`])
    const logger = recordingLogger()
    const [result] = await fetcher.enrichBatch([signal(1, 'lab', `http://127.0.0.1:${server.port}/hello`)], stageContext('lab', logger))
    expect(result).toMatchObject({ isOk: true, value: { model: 'status:200' } })
    expect(logger.lines).toContainEqual(expect.objectContaining({ adapterLog: 'body:hello from the test server' }))
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', url: '/hello', headers: { host: `127.0.0.1:${server.port}`, 'x-adapter': 'fetches-summary' } })
  })

  it('is absent from ctx when the manifest requests it but the operator grants nothing', async () => {
    const [result] = await (await enricher('fetches-summary', [])).enrichBatch([signal(1, 'lab', `http://127.0.0.1:${server.port}/hello`)], stageContext())
    expect(result).toMatchObject({ isOk: true, value: { model: 'no-fetch' } })
  })

  // Granted: the name allowed.example and the name localhost on the server's port, not its address.
  const port = server.port
  const refused: Array<[string, RegExp]> = [
    [`http://127.0.0.1:${port}/hello`, /127\.0\.0\.1:\d+ is a loopback address/],
    [`http://2130706433:${port}/hello`, /127\.0\.0\.1:\d+ is a loopback/], [`http://0177.0.0.1:${port}/hello`, /127\.0\.0\.1:\d+ is a loopback/],
    [`http://0x7f.1:${port}/hello`, /127\.0\.0\.1:\d+ is a loopback/], [`http://127.1:${port}/hello`, /loopback/],
    [`http://[::1]:${port}/hello`, /\[::1\]:\d+ is a loopback/], [`http://[::ffff:127.0.0.1]:${port}/hello`, /IPv4-mapped/], [`http://[::ffff:7f00:1]:${port}/hello`, /IPv4-mapped/],
    [`http://0.0.0.0:${port}/hello`, /unspecified/], [`http://[::]:${port}/hello`, /unspecified/],
    ['http://10.0.0.1/', /private/], ['http://172.16.0.1/', /private/], ['http://192.168.1.1/', /private/],
    ['http://169.254.169.254/latest/meta-data/', /metadata/], ['http://2852039166/', /metadata/], ['http://[fd00:ec2::254]/', /metadata/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata/],
    ['http://169.254.1.1/', /link-local/], ['http://[fe80::1]/', /link-local/], ['http://100.64.0.1/', /carrier-grade NAT/], ['http://[fc00::1]/', /unique-local/],
    [`http://allowed.example@127.0.0.1:${port}/hello`, /user name or password/], ['http://allowed.example.evil.example/', /allowed\.example\.evil\.example is not on/],
    [`http://evil.example/allowed.example`, /evil\.example is not on/], ['http://allowed.example:8080/', /allowed\.example:8080 is not on/],
    [`file:///etc/passwd`, /only http: and https:/],
  ]

  it.each(refused)('refuses %s before DNS or any connection; the caught refusal still fails the call', async (url, why) => {
    const fetcher = await enricher('fetches-summary', ['fetch=allowed.example', `fetch=localhost:${port}`])
    const logger = recordingLogger()
    const [connections, lookups] = [server.connections, lookup.names.length]
    const [result] = await fetcher.enrichBatch([signal(1, 'lab', url)], stageContext('lab', logger))
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_CAPABILITY_DENIED: /) })
    expect((result as { error: string }).error).toMatch(why)
    // The adapter saw the refusal as an error it could catch, and the host logged it.
    expect(logger.lines).toContainEqual(expect.objectContaining({ adapterLog: expect.stringMatching(/^caught:AETHER_E_SANDBOX_CAPABILITY_DENIED: adapter "fetches-summary" was denied a capability/) }))
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'adapter capability call refused', adapter: 'fetches-summary', tenant: 'lab', capability: 'fetch', reason: expect.stringMatching(why) }))
    expect(server.connections).toBe(connections)
    expect(lookup.names.length).toBe(lookups)
  })

  it.each([`http://localhost:${port}/hello`, `http://LOCALHOST.:${port}/hello`])('resolves the granted name in %s itself and refuses its loopback address, never connecting', async (url) => {
    const fetcher = await enricher('fetches-summary', ['fetch=allowed.example', `fetch=localhost:${port}`])
    const connections = server.connections
    const [result] = await fetcher.enrichBatch([signal(1, 'lab', url)], stageContext())
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_CAPABILITY_DENIED: .*localhost resolves to (127\.0\.0\.1|::1), a loopback address/) })
    expect(lookup.names.at(-1)).toBe('localhost')
    expect(server.connections).toBe(connections)
  })

  it('ends a fetch still waiting when the call passes its deadline: the call times out and the connection is dropped', async () => {
    const fetcher = await enricher('fetches-summary', [`fetch=127.0.0.1:${port}`])
    const closed = server.hangsClosed
    const [result] = await fetcher.enrichBatch([signal(1, 'lab', `http://127.0.0.1:${port}/hang`)], stageContext())
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_TIMEOUT: /) })
    await vi.waitFor(() => expect(server.hangsClosed).toBe(closed + 1), { timeout: 5_000 })
    await vi.waitFor(() => expect(pool.pids()).toHaveLength(2), { timeout: 15_000 })
  })
})

describe('ctx.kv in a sandboxed adapter', () => {
  it('keeps values per tenant across calls and across sandbox processes', async () => {
    const counter = await enricher('counts-in-kv', ['kv'])
    const model = async (tenant: string) => (await counter.enrichBatch([signal(1, tenant), signal(2, tenant)], stageContext(tenant)))[0]
    expect(await model('lab')).toMatchObject({ isOk: true, value: { model: 'count:2' } })
    expect(await model('lab')).toMatchObject({ isOk: true, value: { model: 'count:4' } })
    expect(await model('acme')).toMatchObject({ isOk: true, value: { model: 'count:2' } })
    // Every sandbox process is replaced: the values live in the host, not in them.
    const before = pool.pids()
    for (const pid of before) process.kill(pid, 'SIGKILL')
    await vi.waitFor(() => expect(pool.pids().filter((pid) => !before.includes(pid))).toHaveLength(2), { timeout: 15_000 })
    expect(await model('lab')).toMatchObject({ isOk: true, value: { model: 'count:6' } })
  })

  it('is separate per adapter: another adapter, same tenant, sees none of it', async () => {
    const other = await enricher('counts-in-kv', ['kv'], 'another-counter')
    const [result] = await other.enrichBatch([signal(1, 'lab')], stageContext('lab'))
    expect(result).toMatchObject({ isOk: true, value: { model: 'count:1' } })
  })

  it('refuses a value past the quota, and the caught refusal fails the call', async () => {
    const counter = await enricher('counts-in-kv', ['kv'])
    const logger = recordingLogger()
    const [result] = await counter.enrichBatch([signal(1, 'quota', 'flood')], stageContext('quota', logger))
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_CAPABILITY_DENIED: kv set of "flood" would pass the quota of 1000 bytes/) })
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'adapter capability call refused', capability: 'kv.set', tenant: 'quota' }))
  })

  it('times out an adapter that loops after awaiting a capability, and the next call still works', async () => {
    const [result] = await (await enricher('loops-after-kv', ['kv'])).enrichBatch([signal(1)], stageContext())
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_TIMEOUT: did not finish within 400 ms/) })
    const [next] = await (await enricher('counts-in-kv', ['kv'])).enrichBatch([signal(1, 'after-loop')], stageContext('after-loop'))
    expect(next).toMatchObject({ isOk: true, value: { model: 'count:1' } })
  })

  it('is absent from ctx when not granted', async () => {
    const [result] = await (await enricher('counts-in-kv', [])).enrichBatch([signal(1)], stageContext())
    expect(result).toMatchObject({ isOk: true, value: { model: 'no-kv' } })
  })
})
