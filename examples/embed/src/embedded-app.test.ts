import { describe, expect, it } from 'vitest'
import { runEmbeddedApp } from './embedded-app.js'

describe('an application embedding the kernel', () => {
  it('runs the pipeline with its own policy plugin and reads the decisions back', async () => {
    const { summary, decisions, pages } = await runEmbeddedApp('memory://')
    expect(summary.counts.recordsIn).toBe(4380)
    expect(summary.counts.invalid).toBe(0)
    expect(decisions).toHaveLength(summary.counts.decisions)
    expect(decisions.length).toBeGreaterThan(0)
    expect(decisions.every((decision) => decision.policy === 'pager@1' && decision.tenant === 'acme')).toBe(true)
    expect(decisions.filter((decision) => decision.action === 'migrate')).toHaveLength(pages)
  }, 60_000)
})
