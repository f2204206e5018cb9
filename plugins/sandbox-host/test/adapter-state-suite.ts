import { dirname } from 'node:path'
import { createKernel, createLogger, type Kernel } from '@aether/core'
import { enricherPoint, type DraftRecord, type RecordStorage, sourcePoint, storagePoint } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { plugin as sandboxHost } from '../src/plugin.js'
import { adapterInstaller, recordingLogger, signal, stageContext, testLimits } from './install-adapter.js'

/** One kernel's view of the database: opened for the kernel, closed after it stopped (a process's life). */
export interface OpenedStorage {
  store: RecordStorage
  close(): Promise<void>
}

const logger = createLogger({ level: 'silent' })

/**
 * What the sandbox host remembers for its adapters outlives the kernel: kv values with their
 * quota, a source's cursor and the day's CPU spend, each seen by a second kernel on the same
 * database, against one backend. Each kernel opens the storage afresh, as a restarted process does;
 * with `concurrentProcesses` (a server database) two kernels also run at once.
 */
export function describeAdapterStateAcrossRestarts(backend: string, openStorage: () => Promise<OpenedStorage>, options: { concurrentProcesses: boolean }): void {
  const install = adapterInstaller()

  /** A started kernel of `tenant` with the sandbox host running the adapter in `folder`; `stop` stops it and closes its storage. */
  async function startKernel(tenant: string, folder: string, hostConfig: Record<string, unknown>): Promise<{ kernel: Kernel; stop(): Promise<void> }> {
    const storage = await openStorage()
    const baseDir = dirname(folder)
    const kernel = createKernel({
      logger, baseDir, config: { tenant },
      plugins: [
        { manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] }, register: (c) => c.provide(storagePoint, storage.store) },
        { plugin: sandboxHost, config: { poolSize: 1, adapters: [{ path: folder.slice(baseDir.length + 1) }], ...hostConfig } },
      ],
    })
    const stop = async () => {
      await kernel.stop()
      await storage.close()
    }
    await kernel.start().catch(async (error: unknown) => {
      await stop()
      throw error
    })
    return { kernel, stop }
  }

  /** Runs `work` in a kernel of its own, as one process's life. */
  async function inKernel<T>(tenant: string, folder: string, hostConfig: Record<string, unknown>, work: (kernel: Kernel) => Promise<T>): Promise<T> {
    const { kernel, stop } = await startKernel(tenant, folder, hostConfig)
    try {
      return await work(kernel)
    } finally {
      await stop()
    }
  }

  describe(`the sandbox host's adapter state in ${backend}`, () => {
    it('keeps kv values across a restart, per tenant, and counts them against the quota of the next kernel', async () => {
      const folder = await install('counts-in-kv', { capabilities: ['kv'] })
      const tenant = `kv-${Math.random().toString(36).slice(2, 8)}`
      const config = { capabilities: { kv: { maxKeys: 1, maxBytes: 100_000 } }, adapters: [{ path: folder.slice(dirname(folder).length + 1), grants: ['kv'] }] }
      const models = async (kernel: Kernel, signals: ReturnType<typeof signal>[], forTenant = tenant) => {
        const results = await kernel.resolve(enricherPoint, 'counts-in-kv').enrichBatch(signals, stageContext(forTenant))
        return results.map((result) => (result.isOk ? result.value.model : result.error))
      }
      expect(await inKernel(tenant, folder, config, (kernel) => models(kernel, [signal(1, tenant), signal(2, tenant)]))).toEqual(['count:2', 'count:2'])

      const flood = signal(4, tenant, 'flood')
      const [counted, refused, otherTenant] = await inKernel(tenant, folder, config, async (kernel) => [
        await models(kernel, [signal(3, tenant)]),
        // "count" is stored from the first kernel: a second key passes the quota of one.
        await models(kernel, [flood]),
        await models(kernel, [signal(1, `${tenant}-other`)], `${tenant}-other`),
      ])
      expect(counted).toEqual(['count:3'])
      expect(refused).toEqual([expect.stringMatching(/^AETHER_E_SANDBOX_CAPABILITY_DENIED: kv set of "flood" would pass the quota of 1 keys/)])
      expect(otherTenant).toEqual(['count:1'])
    })

    it('continues a sandboxed source from the cursor saved after the last poll the pipeline took, at least once', async () => {
      const folder = await install('source-well-behaved', { kind: 'source', output: 'telemetry.v1' })
      const tenant = `cursor-${Math.random().toString(36).slice(2, 8)}`
      const hours = (drafts: DraftRecord[]) => drafts.map((draft) => Number(String(draft.sourceEventId).split('/')[1]))
      const read = (stopAfterPolls: number) => inKernel(tenant, folder, {}, async (kernel) => {
        const drafts: DraftRecord[] = []
        let polls = 0
        for await (const batch of kernel.resolve(sourcePoint, 'source-well-behaved').read(stageContext(tenant, recordingLogger()))) {
          drafts.push(...batch)
          polls += 1
          // Stopping here is a crash after the pipeline took this poll's records but before it asked for more.
          if (polls === stopAfterPolls) break
        }
        return hours(drafts)
      })
      // Two polls taken; the cursor of the first was saved, the second's was not (the run stopped first).
      expect(await read(2)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
      // The next run repeats the second poll (same ids: storage counts duplicates), then goes on to the end.
      expect(await read(Infinity)).toEqual([4, 5, 6, 7, 8, 9, 10, 11])
      expect(await read(Infinity)).toEqual([])
    })

    it('restores the day\'s CPU spend at start: a restarted host grants no fresh budget', async () => {
      const folder = await install('burns-cpu', { limits: { ...testLimits, cpuMsPerDay: 20 } })
      const tenant = `cpu-${Math.random().toString(36).slice(2, 8)}`
      const call = (kernel: Kernel, index: number) => kernel.resolve(enricherPoint, 'burns-cpu').enrichBatch([signal(index, tenant)], stageContext(tenant))
      expect(await inKernel(tenant, folder, {}, (kernel) => call(kernel, 1))).toMatchObject([{ isOk: true }])
      const [refused] = await inKernel(tenant, folder, {}, (kernel) => call(kernel, 2))
      expect(!refused?.isOk && refused?.error).toMatch(/^AETHER_E_SANDBOX_TIMEOUT: daily CPU budget spent \(\d+ of 20 ms on \d{4}-\d{2}-\d{2} UTC\)/)
    })

    it.runIf(options.concurrentProcesses)('shares the day\'s CPU spend between two hosts running at once, as of their flushes', async () => {
      const folder = await install('burns-cpu', { limits: { ...testLimits, cpuMsPerDay: 20 } })
      const tenant = `cpu-shared-${Math.random().toString(36).slice(2, 8)}`
      const config = { usage: { flushIntervalMs: 100 } }
      const [first, second] = await Promise.all([startKernel(tenant, folder, config), startKernel(tenant, folder, config)])
      try {
        const call = (kernel: Kernel, index: number) => kernel.resolve(enricherPoint, 'burns-cpu').enrichBatch([signal(index, tenant)], stageContext(tenant))
        expect(await call(first.kernel, 1)).toMatchObject([{ isOk: true }])
        // The first host flushes its usage, the second reads it back after its own flush: a few intervals.
        await new Promise((resolve) => setTimeout(resolve, 1_500))
        const [refused] = await call(second.kernel, 2)
        expect(!refused?.isOk && refused?.error).toMatch(/^AETHER_E_SANDBOX_TIMEOUT: daily CPU budget spent \(\d+ of 20 ms/)
      } finally {
        await Promise.all([first.stop(), second.stop()])
      }
    })
  })
}
