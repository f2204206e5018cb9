import type { BatchOutcome } from '../run/batch-outcome.js'
import type { BaselineChanges } from '../report/conformance-report.js'

/** How many examples each kind of change keeps. */
const exampleCount = 5

/** An output's leaves by path (`features.ratio`); arrays are leaves. */
function leaves(value: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value).sort()) leaves((value as Record<string, unknown>)[key], prefix === '' ? key : `${prefix}.${key}`, into)
  } else {
    into.set(prefix === '' ? '(value)' : prefix, JSON.stringify(value) ?? 'undefined')
  }
  return into
}

function bucket(): { count: number; examples: string[] } {
  return { count: 0, examples: [] }
}

function add(into: { count: number; examples: string[] }, example: string): void {
  into.count += 1
  if (into.examples.length < exampleCount) into.examples.push(example.length > 300 ? `${example.slice(0, 300)}…` : example)
}

/**
 * Every behaviour change from `baseline` to `candidate` on the same recorded inputs, matched by
 * key: ids only one of them returned, outputs routed the other way (accepted ↔ refused), output
 * fields added or removed, values changed, and each version's refusal rate.
 */
export function diffOutcomes(baseline: BatchOutcome, candidate: BatchOutcome): BaselineChanges {
  const changes: BaselineChanges = {
    inputs: Math.max(baseline.items.length, candidate.items.length),
    changedIds: bucket(), changedRouting: bucket(), addedFields: bucket(), removedFields: bucket(), changedValues: bucket(),
    errorRate: { baseline: rate(baseline), candidate: rate(candidate) },
  }
  const before = new Map(baseline.items.map((item) => [item.key, item]))
  const after = new Map(candidate.items.map((item) => [item.key, item]))
  for (const key of before.keys()) if (!after.has(key)) add(changes.changedIds, `${key}: only the baseline returned it`)
  for (const [key, item] of after) {
    const old = before.get(key)
    if (old === undefined) {
      add(changes.changedIds, `${key}: only the candidate returned it`)
      continue
    }
    if (old.isOk !== item.isOk) {
      add(changes.changedRouting, `${key}: ${old.isOk ? 'accepted' : `refused (${old.error ?? ''})`} → ${item.isOk ? 'accepted' : `refused (${item.error ?? ''})`}`)
      continue
    }
    if (!item.isOk) continue
    const oldLeaves = leaves(old.value)
    const newLeaves = leaves(item.value)
    for (const [path, value] of newLeaves) {
      const was = oldLeaves.get(path)
      if (was === undefined) add(changes.addedFields, `${key}: ${path} = ${value}`)
      else if (was !== value) add(changes.changedValues, `${key}: ${path} ${was} → ${value}`)
    }
    for (const [path, was] of oldLeaves) if (!newLeaves.has(path)) add(changes.removedFields, `${key}: ${path} (was ${was})`)
  }
  return changes
}

function rate(outcome: BatchOutcome): number {
  if (outcome.items.length === 0) return 0
  return Math.round((outcome.items.filter((item) => !item.isOk).length / outcome.items.length) * 10_000) / 10_000
}
