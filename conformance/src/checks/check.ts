import type { AdapterKind, InstalledAdapter } from '@aether/plugin-sandbox-host'
import type { CheckStatus } from '../report/conformance-report.js'
import type { HarnessHost } from '../run/harness-host.js'

/** What a check concludes; the engine adds its id, title and timing. */
export interface CheckOutcome {
  status: CheckStatus
  evidence: string[]
  measurements?: Record<string, number>
}

/** What the runtime checks share: the installed adapter and the host running it. */
export interface RuntimeContext {
  adapter: InstalledAdapter
  kind: AdapterKind
  host: HarnessHost
}

/** A check that runs the adapter in the sandbox host. */
export interface RuntimeCheck {
  id: string
  title: string
  run(context: RuntimeContext): Promise<CheckOutcome>
}

export const pass = (evidence: string[], measurements?: Record<string, number>): CheckOutcome => ({ status: 'pass', evidence, ...(measurements === undefined ? {} : { measurements }) })
export const fail = (evidence: string[], measurements?: Record<string, number>): CheckOutcome => ({ status: 'fail', evidence, ...(measurements === undefined ? {} : { measurements }) })
export const skip = (evidence: string[]): CheckOutcome => ({ status: 'skip', evidence })

/** At most `count` examples, and how many more there were. */
export function examples(lines: string[], count = 5): string[] {
  return lines.length <= count ? lines : [...lines.slice(0, count), `… and ${lines.length - count} more`]
}
