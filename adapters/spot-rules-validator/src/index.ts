import { defineValidator } from '@aether/adapter-sdk'
import { brokenRules } from './record-rules.js'

/** Issues a verdict carries at most (the host's limit); the reason counts them all. */
const maxIssues = 100

export default defineValidator({
  name: 'spot-rules',
  process(items, ctx) {
    const nowMs = Date.now()
    const verdicts = items.map(({ id, tenant, record }) => {
      const issues = brokenRules(record, nowMs)
      if (issues.length === 0) return { id, tenant, valid: true as const }
      const [first] = issues
      const reason = `spot-rules: ${issues.length} rule${issues.length === 1 ? '' : 's'} broken, first ${first?.path || '/'} ${first?.message}`
      return { id, tenant, valid: false as const, reason: reason.slice(0, 1_000), issues: issues.slice(0, maxIssues) }
    })
    ctx.log(`${verdicts.filter((verdict) => !verdict.valid).length} of ${items.length} records break a rule`)
    return verdicts
  },
})
