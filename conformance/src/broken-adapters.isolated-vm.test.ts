import { describe, expect, it } from 'vitest'
import { adapterFolders } from '../test/adapter-folder.js'
import { brokenAdapters } from '../test/broken/broken-adapters.js'
import { checkCatalog } from './checks/all-checks.js'
import { runConformance } from './run-conformance.js'

// The harness's self-test: a check that cannot fail is caught here.
const folders = adapterFolders()

describe('each deliberately broken adapter', () => {
  for (const [check, spec] of Object.entries(brokenAdapters)) {
    it(`fails ${check} and no other check`, async () => {
      const folder = await folders(`broken-${check.replaceAll('.', '-')}`, spec)
      const report = await runConformance(folder)
      const failed = report.checks.filter((result) => result.status === 'fail').map((result) => result.id)
      expect(failed, JSON.stringify(report.checks.filter((result) => result.status === 'fail'), null, 1)).toEqual([check])
      expect(report.verdict).toBe('fail')
      const evidence = report.checks.find((result) => result.id === check)?.evidence.join(' ')
      expect(evidence).not.toBe('')
      // File names are relative to the adapter, so a tarball's temporary folder changes nothing.
      expect(evidence).not.toContain(folder)
    })
  }

  it('exists for every check', () => {
    expect(checkCatalog.map((check) => check.id).filter((id) => !(id in brokenAdapters))).toEqual([])
  })
})
