import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { afterAll } from 'vitest'
import { describeAdapterStateAcrossRestarts } from '../adapter-state-suite.js'

// A PGlite database in a folder, opened again by each kernel as a restarted process would.
const folder = await mkdtemp(join(tmpdir(), 'aether-adapter-state-'))
afterAll(() => rm(folder, { recursive: true, force: true }))

// PGlite is one process's database: kernels take turns, none run at once.
describeAdapterStateAcrossRestarts('PGlite', () => openPgliteStorage(join(folder, 'db')), { concurrentProcesses: false })
