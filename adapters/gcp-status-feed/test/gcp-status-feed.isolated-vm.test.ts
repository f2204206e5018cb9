import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { isBuildCurrent } from '@aether/adapter-cli'
import { createLogger } from '@aether/core'
import { temporaryDirectories } from '@aether/core/testing'
import { createContractRegistry, type DraftRecord, recordId } from '@aether/plugin-api'
import {
  capabilityServices, CapabilityLimits, grantedCapabilities, readAdapter, SandboxedAdapter, SandboxedSource, SandboxPool,
} from '@aether/plugin-sandbox-host'
import { readGcpIncidents } from '@aether/plugin-sources'
import { Value } from '@sinclair/typebox/value'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildLocalFeedSource, feedServer, incidentsFile } from '@aether/adapter-gcp-status-feed/testing'

// The source in real sandbox processes, polling the vendored GCP incident history from a real
// HTTP server on 127.0.0.1, which it reaches only through the operator's grant of that address.
const temporaryDirectory = temporaryDirectories()
const logger = createLogger({ level: 'silent' })
const incidents = JSON.parse(await readFile(incidentsFile, 'utf8')) as Array<{ id: string; modified: string }>
// The feed grows: at first it lacks the five incidents modified last.
const latest = new Set([...incidents].sort((a, b) => Date.parse(b.modified) - Date.parse(a.modified)).slice(0, 5).map((incident) => incident.id))
const earlier = incidents.filter((incident) => !latest.has(incident.id))
const server = await feedServer(earlier)
const pool = new SandboxPool(1, logger)
let installed: Awaited<ReturnType<typeof readAdapter>>

beforeAll(async () => {
  installed = await readAdapter(await buildLocalFeedSource(await temporaryDirectory('aether-feed-'), server.url, server.port), { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024, cpuMsPerDay: 3_600_000 })
  await pool.start()
})
afterAll(async () => {
  await pool.stop()
  await server.close()
})

/** The source as the pipeline gets it, granted fetch of the server's one address and (unless told) kv, with a kv store of its own. */
function feedSource(grants = [`fetch=127.0.0.1:${server.port}`, 'kv']): SandboxedSource {
  const { granted } = grantedCapabilities(installed.requested, grants, installed.path)
  const services = capabilityServices(Value.Default(CapabilityLimits, {}) as CapabilityLimits)
  return new SandboxedSource(new SandboxedAdapter(installed, pool, { maxLinesPerCall: 10, maxLineChars: 500 }, { granted, services }))
}

/** One run of the source: every poll's drafts, and the requests it made. */
async function run(source: SandboxedSource): Promise<{ drafts: DraftRecord[]; requests: typeof server.requests }> {
  const from = server.requests.length
  const drafts: DraftRecord[] = []
  const context = { tenant: 'lab', logger, signal: new AbortController().signal, traceId: 'feed-test' }
  for await (const batch of source.read(context)) drafts.push(...batch)
  return { drafts, requests: server.requests.slice(from) }
}

const eventIds = (drafts: DraftRecord[]) => drafts.map((draft) => draft.sourceEventId).sort()

describe('the gcp-status-feed source adapter, in the sandbox', () => {
  it('reads the whole feed at first, the same incidents and regions as the first-party replay, and stops at the 304 its ETag earns', async () => {
    server.serve(earlier)
    const { drafts, requests } = await run(feedSource())
    expect(eventIds(drafts)).toEqual(eventIds(readGcpIncidents(JSON.stringify(earlier))))
    expect(requests).toEqual([{ ifNoneMatch: undefined, status: 200 }, { ifNoneMatch: server.etag(), status: 304 }])
  })

  it('makes every record a signal.v1 draft the contract accepts once the source stage stamps it', async () => {
    server.serve(incidents)
    const { drafts } = await run(feedSource())
    const contracts = createContractRegistry()
    const refused = drafts.map((draft) => contracts.check('signal.v1', { ...draft, tenant: 'lab', id: recordId(draft) })).filter((check) => !check.isValid)
    expect(drafts.length).toBeGreaterThan(1_000)
    expect(refused).toEqual([])
  })

  it('starts the next run from the cursor it kept in kv: after the feed grows it yields only the new incidents, then nothing', async () => {
    const source = feedSource()
    server.serve(earlier)
    const earlierEtag = server.etag()
    await run(source)
    server.serve(incidents)
    const grown = await run(source)
    expect(eventIds(grown.drafts)).toEqual(eventIds(readGcpIncidents(JSON.stringify(incidents.filter((incident) => latest.has(incident.id))))))
    expect(grown.requests).toEqual([{ ifNoneMatch: earlierEtag, status: 200 }, { ifNoneMatch: server.etag(), status: 304 }])

    const unchanged = await run(source)
    expect(unchanged).toEqual({ drafts: [], requests: [{ ifNoneMatch: server.etag(), status: 304 }] })
  })

  it('without kv, reads the whole feed again at every run (storage drops what it has by id)', async () => {
    const source = feedSource([`fetch=127.0.0.1:${server.port}`])
    server.serve(earlier)
    const first = await run(source)
    const second = await run(source)
    expect(second.drafts).toEqual(first.drafts)
    expect(second.requests[0]).toEqual({ ifNoneMatch: undefined, status: 200 })
  })
})

describe('the gcp-status-feed adapter, as committed', () => {
  it('is the bundle and manifest its source builds to, so the recorded sha512 is honest', async () => {
    const folder = fileURLToPath(new URL('..', import.meta.url))
    expect(await isBuildCurrent(folder)).toEqual({ isBundleCurrent: true, isManifestCurrent: true })
    expect(JSON.parse(await readFile(new URL('../aether-adapter.json', import.meta.url), 'utf8'))).toMatchObject({ kind: 'source', input: 'cursor.v1', output: 'signal.v1', capabilities: ['fetch:status.cloud.google.com', 'kv'] })
  })
})
