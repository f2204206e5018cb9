/**
 * Weighted terms, matched against the words of a signal's summary (lower case, split on anything
 * that is not a letter, digit or hyphen). Weights are this adapter's own judgement of how much a
 * word in a public status post says, read from the wording of the GCP posts in
 * examples/spot-risk/data.
 */

/** Words that say capacity itself is short or at risk (0..1, combined as independent evidence). */
export const capacityTerms: Readonly<Record<string, number>> = {
  capacity: 0.9, stockout: 0.95, stockouts: 0.95, exhausted: 0.8, exhaustion: 0.8, insufficient: 0.7, quota: 0.5,
  quotas: 0.5, provisioning: 0.5, allocation: 0.5, preemption: 0.6, preemptions: 0.6, preempted: 0.6, spot: 0.4,
  unavailable: 0.4, creation: 0.3, autoscaling: 0.3, scheduling: 0.3, vms: 0.2, instances: 0.2, instance: 0.2,
  compute: 0.15, gce: 0.15, nodepool: 0.15,
}

/** Words of harm (negative) and of recovery (positive): summed, then squashed to -1..1. */
export const toneTerms: Readonly<Record<string, number>> = {
  outage: -0.8, down: -0.6, unavailable: -0.6, failures: -0.5, failure: -0.5, failing: -0.5, errors: -0.4, error: -0.4,
  loss: -0.4, degraded: -0.5, degradation: -0.5, latency: -0.3, impacted: -0.3, affecting: -0.3, issue: -0.2,
  issues: -0.2, disruption: -0.6, unable: -0.4,
  resolved: 0.7, restored: 0.7, recovered: 0.6, mitigated: 0.5, normal: 0.4, fixed: 0.5,
}

/** Words that say the situation may move fast or spread: each adds to the severity's prior. */
export const volatileTerms: Readonly<Record<string, number>> = {
  intermittent: 0.15, multiple: 0.12, elevated: 0.1, increased: 0.1, globally: 0.15, global: 0.1, regions: 0.1,
  investigating: 0.1, ongoing: 0.1, spike: 0.15, cascading: 0.2, widespread: 0.2,
}

/** How volatile a signal is before any word is read, by its severity. */
export const severityPrior: Readonly<Record<string, number>> = { info: 0.05, low: 0.15, medium: 0.3, high: 0.5 }
