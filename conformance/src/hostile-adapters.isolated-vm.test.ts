import { readdir } from 'node:fs/promises'
import type { AdapterKind } from '@aether/plugin-sandbox-host'
import { describe, expect, it } from 'vitest'
import { adapterFolders } from '../test/adapter-folder.js'
import { runConformance } from './run-conformance.js'

// The sandbox host's hostile adapters (plugins/sandbox-host/test/adapters): each must fail
// conformance. Installed as that suite installs them (its test limits, no capabilities), and run
// with stopAtFirstFailure so that the ones that hang cost one deadline, not one per check.
const hostileDir = new URL('../../plugins/sandbox-host/test/adapters/', import.meta.url)
const hostileLimits = { timeoutMs: 400, memoryMb: 32, maxOutputBytes: 64 * 1024 }
const folders = adapterFolders()

function kindOf(bundle: string): AdapterKind {
  const prefix = bundle.split('-')[0] as string
  return (['validator', 'forecaster', 'policy', 'source'].includes(prefix) ? prefix : 'enricher') as AdapterKind
}

const bundles = (await readdir(hostileDir)).filter((file) => file.endsWith('.js') && !file.endsWith('well-behaved.js')).sort()

describe('the sandbox host\'s hostile adapters', () => {
  it('are all here', () => {
    expect(bundles.length).toBeGreaterThan(25)
  })

  for (const file of bundles) {
    it(`${file} fails conformance`, async () => {
      const kind = kindOf(file)
      const folder = await folders(`hostile-${file.replace(/\.js$/, '')}`, {
        kind, bundle: new URL(file, hostileDir), manifest: { limits: hostileLimits, ...(kind === 'source' ? { output: 'telemetry.v1' } : {}) },
      })
      const report = await runConformance(folder, { stopAtFirstFailure: true })
      expect(report.verdict).toBe('fail')
      expect(report.checks.filter((check) => check.status === 'fail')).toHaveLength(1)
    })
  }
})
