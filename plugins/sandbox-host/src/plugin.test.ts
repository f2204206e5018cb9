import { dirname, basename } from 'node:path'
import { createKernel, createLogger } from '@aether/core'
import { describe, expect, it } from 'vitest'
import { adapterInstaller } from '../test/install-adapter.js'
import { plugin } from './plugin.js'

const install = adapterInstaller()

// Grants are checked before any sandbox process starts, so these kernels fail fast; the kernel
// reports a plugin's failure to register with the plugin's own coded error as the cause.
async function startWith(grants: string[], capabilities: string[], manifest: Record<string, unknown> = {}): Promise<void> {
  const folder = await install('well-behaved', { capabilities, ...manifest })
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }), baseDir: dirname(folder),
    config: { tenant: 'lab', pipeline: { sources: [], enricher: 'well-behaved', forecaster: 'x', policy: 'y' } },
    plugins: [{ plugin, config: { adapters: [{ path: basename(folder), grants }] } }],
  })
  try {
    await kernel.start()
  } finally {
    await kernel.stop()
  }
}

describe('the sandbox-host plugin', () => {
  it('refuses to start with a grant the adapter\'s manifest does not request', async () => {
    await expect(startWith(['fetch=api.example.com'], ['kv'])).rejects.toMatchObject({
      code: 'AETHER_E_PLUGIN_REGISTER',
      cause: { code: 'AETHER_E_SANDBOX_GRANT_INVALID', message: expect.stringContaining('grants "fetch=api.example.com", which its manifest does not request') },
    })
  })

  it('refuses a malformed grant', async () => {
    await expect(startWith(['fetch=https://api.example.com/'], ['fetch:api.example.com'])).rejects.toMatchObject({ cause: { code: 'AETHER_E_SANDBOX_GRANT_INVALID' } })
  })

  it('refuses an adapter whose engine range does not accept this kernel, naming both', async () => {
    await expect(startWith([], [], { engine: '^2.0.0' })).rejects.toMatchObject({
      cause: { code: 'AETHER_E_SANDBOX_ENGINE_INCOMPATIBLE', message: expect.stringContaining('runs on kernel ^2.0.0, not on this kernel 0.1.0') },
    })
  })
})
