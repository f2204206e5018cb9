import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor'
import { describe, expect, it } from 'vitest'

// The checked-in report (report.api.md) is the public contract of @aether/plugin-api: a change
// of an exported declaration shows in review as a change of that file.
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const checkedIn = join(packageDir, 'report.api.md')

describe('the API report of @aether/plugin-api', () => {
  it('matches the declarations the package exports', () => {
    // The report is made from the built .d.ts: build first (incremental, so quick when current),
    // or a stale build would be compared.
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    execFileSync(process.execPath, [tsc, '-b', packageDir], { stdio: 'pipe' })

    const config = ExtractorConfig.loadFileAndPrepare(join(packageDir, 'api-extractor.json'))
    const result = Extractor.invoke(config, {
      localBuild: false,
      messageCallback: (message) => { message.handled = true },
    })
    expect(result.errorCount, 'API Extractor reported errors; run `npm run api:report` to see them').toBe(0)
    const [report] = config.reportConfigs
    const generated = readFileSync(join(config.reportTempFolder, report?.fileName ?? 'report.api.md'), 'utf8')
    expect(generated, 'The public API of @aether/plugin-api changed. If that is intended, run ' +
      '`npm run api:report` and commit core/plugin-api/report.api.md with the change.').toBe(readFileSync(checkedIn, 'utf8'))
  }, 120_000)
})
